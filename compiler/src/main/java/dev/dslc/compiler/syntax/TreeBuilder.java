package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.grammar.NnBaseVisitor;
import dev.dslc.grammar.NnParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds the syntax tree from an error-free ANTLR parse tree. */
final class TreeBuilder extends NnBaseVisitor<Object> {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    Program file(NnParser.FileContext file) {
        List<Statement> statements = new ArrayList<>();
        for (NnParser.StatementContext statement : file.statement()) {
            statements.add((Statement) visit(statement));
        }
        return new Program(statements);
    }

    // ---- statements

    @Override
    public Statement visitModelStatement(NnParser.ModelStatementContext ctx) {
        return new Statement.ModelName(identifier(ctx.name), span(ctx));
    }

    @Override
    public Statement visitInputStatement(NnParser.InputStatementContext ctx) {
        return new Statement.Data(Statement.DataKind.INPUT, identifier(ctx.name), dimensions(ctx.dimensions()), span(ctx));
    }

    @Override
    public Statement visitTargetStatement(NnParser.TargetStatementContext ctx) {
        return new Statement.Data(Statement.DataKind.TARGET, identifier(ctx.name), dimensions(ctx.dimensions()), span(ctx));
    }

    @Override
    public Statement visitParamStatement(NnParser.ParamStatementContext ctx) {
        return new Statement.Param(identifier(ctx.name), dimensions(ctx.dimensions()), initializer(ctx.initializer()),
                true, span(ctx));
    }

    @Override
    public Statement visitConstStatement(NnParser.ConstStatementContext ctx) {
        return new Statement.Param(identifier(ctx.name), dimensions(ctx.dimensions()), initializer(ctx.initializer()),
                false, span(ctx));
    }

    private Optional<Initializer> initializer(NnParser.InitializerContext ctx) {
        return Optional.ofNullable(ctx).map(i -> (Initializer) visit(i));
    }

    @Override
    public Statement visitBindingStatement(NnParser.BindingStatementContext ctx) {
        return new Statement.Binding(identifier(ctx.name), expr(ctx.expr()), span(ctx));
    }

    @Override
    public Statement visitOutputStatement(NnParser.OutputStatementContext ctx) {
        return new Statement.Output(expr(ctx.expr()), span(ctx));
    }

    @Override
    public Statement visitLossStatement(NnParser.LossStatementContext ctx) {
        return new Statement.Loss(expr(ctx.expr()), span(ctx));
    }

    private List<SignedNumber> dimensions(NnParser.DimensionsContext ctx) {
        return ctx == null ? List.of() : numbers(ctx.signedNumber());
    }

    // ---- initialisers

    @Override
    public Initializer visitConstantInitializer(NnParser.ConstantInitializerContext ctx) {
        return new Initializer.Constant(number(ctx.signedNumber()));
    }

    @Override
    public Initializer visitLiteralInitializer(NnParser.LiteralInitializerContext ctx) {
        return new Initializer.Literal(tensor(ctx.tensorLiteral()));
    }

    @Override
    public Initializer visitRandomInitializer(NnParser.RandomInitializerContext ctx) {
        return new Initializer.Random(identifier(ctx.distribution), numbers(ctx.signedNumber()), span(ctx));
    }

    // ---- expressions

    private Expr expr(NnParser.ExprContext ctx) {
        return (Expr) visit(ctx);
    }

    @Override
    public Expr visitIndexExpr(NnParser.IndexExprContext ctx) {
        return new Expr.Index(expr(ctx.expr()), numbers(ctx.signedNumber()), span(ctx));
    }

    @Override
    public Expr visitTransposeExpr(NnParser.TransposeExprContext ctx) {
        return new Expr.Transpose(expr(ctx.expr()), span(ctx));
    }

    @Override
    public Expr visitPowerExpr(NnParser.PowerExprContext ctx) {
        return binary(Expr.BinaryOperator.POWER, ctx.expr(0), ctx.expr(1), ctx.getChild(1), ctx);
    }

    @Override
    public Expr visitNegateExpr(NnParser.NegateExprContext ctx) {
        return new Expr.Negate(expr(ctx.expr()), span(ctx));
    }

    @Override
    public Expr visitMatmulExpr(NnParser.MatmulExprContext ctx) {
        return leftAssociative(ctx);
    }

    @Override
    public Expr visitMulDivExpr(NnParser.MulDivExprContext ctx) {
        return leftAssociative(ctx);
    }

    @Override
    public Expr visitAddSubExpr(NnParser.AddSubExprContext ctx) {
        return leftAssociative(ctx);
    }

    /**
     * A chain such as {@code a + b - c * d}, built bottom-up along its left
     * spine without recursing down it: a sum of 100,000 terms is as deep as
     * it is long, and would overflow the stack.
     */
    private Expr leftAssociative(NnParser.ExprContext ctx) {
        Deque<NnParser.ExprContext> spine = new ArrayDeque<>();
        NnParser.ExprContext leftmost = ctx;
        while (operator(leftmost) != null) {
            spine.push(leftmost);
            leftmost = leftmost.getRuleContext(NnParser.ExprContext.class, 0);
        }
        Expr result = expr(leftmost);
        while (!spine.isEmpty()) {
            NnParser.ExprContext node = spine.pop();
            Token operatorToken = ((org.antlr.v4.runtime.tree.TerminalNode) node.getChild(1)).getSymbol();
            Expr right = expr(node.getRuleContext(NnParser.ExprContext.class, 1));
            result = new Expr.Binary(operator(node), result, right, span(operatorToken), span(node));
        }
        return result;
    }

    /** The operator of a left-associative binary expression, or null for any other expression. */
    private static Expr.BinaryOperator operator(NnParser.ExprContext ctx) {
        if (ctx instanceof NnParser.MatmulExprContext) {
            return Expr.BinaryOperator.MATMUL;
        }
        if (ctx instanceof NnParser.MulDivExprContext mulDiv) {
            return mulDiv.op.getText().equals("*") ? Expr.BinaryOperator.MULTIPLY : Expr.BinaryOperator.DIVIDE;
        }
        if (ctx instanceof NnParser.AddSubExprContext addSub) {
            return addSub.op.getText().equals("+") ? Expr.BinaryOperator.ADD : Expr.BinaryOperator.SUBTRACT;
        }
        return null;
    }

    @Override
    public Expr visitNumberExpr(NnParser.NumberExprContext ctx) {
        return new Expr.Number(number(ctx.NUMBER().getSymbol(), ctx.NUMBER().getSymbol(), ""));
    }

    @Override
    public Expr visitCallExpr(NnParser.CallExprContext ctx) {
        List<Expr> arguments = new ArrayList<>();
        for (NnParser.ExprContext argument : ctx.expr()) {
            arguments.add(expr(argument));
        }
        return new Expr.Call(identifier(ctx.name), arguments, span(ctx));
    }

    @Override
    public Expr visitNameExpr(NnParser.NameExprContext ctx) {
        return new Expr.Name(identifier(ctx.name));
    }

    @Override
    public Expr visitParenExpr(NnParser.ParenExprContext ctx) {
        return expr(ctx.expr());
    }

    @Override
    public Expr visitTensorExpr(NnParser.TensorExprContext ctx) {
        return new Expr.Literal(tensor(ctx.tensorLiteral()));
    }

    private Expr binary(Expr.BinaryOperator operator, NnParser.ExprContext left, NnParser.ExprContext right,
            org.antlr.v4.runtime.tree.ParseTree operatorNode, ParserRuleContext whole) {
        Token operatorToken = ((org.antlr.v4.runtime.tree.TerminalNode) operatorNode).getSymbol();
        return new Expr.Binary(operator, expr(left), expr(right), span(operatorToken), span(whole));
    }

    // ---- literals

    private TensorLiteral tensor(NnParser.TensorLiteralContext ctx) {
        if (ctx instanceof NnParser.VectorLiteralContext vector) {
            List<SignedNumber> elements = numbers(vector.signedNumber());
            return new TensorLiteral(List.of(elements.size()), elements, span(ctx));
        }
        NnParser.NestedLiteralContext nested = (NnParser.NestedLiteralContext) ctx;
        List<SignedNumber> elements = new ArrayList<>();
        int columns = -1;
        for (NnParser.TensorLiteralContext row : nested.tensorLiteral()) {
            if (!(row instanceof NnParser.VectorLiteralContext vector)) {
                diagnostics.add(Diagnostic.error(span(row), "tensor literals have at most 2 dimensions"));
                continue;
            }
            List<SignedNumber> rowElements = numbers(vector.signedNumber());
            if (columns < 0) {
                columns = rowElements.size();
            } else if (rowElements.size() != columns) {
                diagnostics.add(Diagnostic.error(span(row), "ragged literal: this row has "
                        + rowElements.size() + " elements, the first has " + columns));
            }
            elements.addAll(rowElements);
        }
        return new TensorLiteral(List.of(nested.tensorLiteral().size(), Math.max(columns, 0)), elements, span(ctx));
    }

    private List<SignedNumber> numbers(List<NnParser.SignedNumberContext> contexts) {
        return contexts.stream().map(this::number).toList();
    }

    private SignedNumber number(NnParser.SignedNumberContext ctx) {
        String sign = ctx.getChildCount() == 2 ? "-" : "";
        return number(ctx.getStart(), ctx.NUMBER().getSymbol(), sign);
    }

    private SignedNumber number(Token first, Token digits, String sign) {
        double magnitude = Double.parseDouble(digits.getText());
        Span span = new Span(first.getStartIndex(), digits.getStopIndex() + 1);
        return new SignedNumber(sign + digits.getText(), sign.isEmpty() ? magnitude : -magnitude, span);
    }

    private static Identifier identifier(Token token) {
        return new Identifier(token.getText(), span(token));
    }

    private static Span span(Token token) {
        return new Span(token.getStartIndex(), token.getStopIndex() + 1);
    }

    private static Span span(ParserRuleContext ctx) {
        int end = ctx.getStop() == null || ctx.getStop().getType() == Token.EOF
                ? ctx.getStart().getStartIndex() : ctx.getStop().getStopIndex() + 1;
        return new Span(ctx.getStart().getStartIndex(), Math.max(ctx.getStart().getStartIndex(), end));
    }
}
