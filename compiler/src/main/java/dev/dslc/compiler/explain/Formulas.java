package dev.dslc.compiler.explain;

import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Slice;
import dev.dslc.compiler.ir.Transpose;
import dev.dslc.compiler.lower.Derivative;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The text of each log line: a forward step as the operation applied to its
 * operands ({@code z1 = matmul1 + b1}), a backward step as the chain rule
 * writes it ({@code dL/dz2 = dL/da2 * sigmoid'(z2)}), each also with the
 * numbers substituted. Backward text comes from the operators' own
 * {@link Op#adjointNote}, the same words the generated code's comments use.
 */
final class Formulas {
    /** Small enough to write a matrix product out element by element, as the tutorials do. */
    private static final int EXPANDED_PRODUCT_LIMIT = 4;
    private static final String OUT = "\u0000o\u0000";

    private final NodeNames names;
    private final Graph graph;
    private final Map<Node, Node> adjoints;
    /** Derivative nodes whose values some backward line quotes. */
    private final Set<Node> quoted = new LinkedHashSet<>();

    Formulas(NodeNames names, Graph graph, Map<Node, Node> adjoints) {
        this.names = names;
        this.graph = graph;
        this.adjoints = adjoints;
    }

    /** The symbolic and the substituted form of one line. */
    record Formula(String symbolic, List<Part> numeric) {
    }

    Set<Node> quoted() {
        return quoted;
    }

    static String valueKey(Node node) {
        return "v" + node.id();
    }

    static String adjointKey(Node node) {
        return "d" + node.id();
    }

    static String quotedKey(Node node) {
        return "a" + node.id();
    }

    /** A constant of one element is written as its number, in place of a name. */
    static boolean isInlineConstant(Node node) {
        return node.op() instanceof Op.Constant && node.size() == 1;
    }

    // ---- forward

    Formula forward(Node node) {
        NodeNames.ChainStep step = names.chainStep(node);
        if (step != null) {
            return backward(step.node(), step.derivative().contributions().get(step.node()), chain(step.derivative()));
        }
        Line line = new Line();
        Op op = node.op();
        if (op instanceof Map1 map) {
            function(line, map, node.input(0));
        } else if (op instanceof Map2 map) {
            line.operand(node.input(0)).text(" " + symbol(map.kind()) + " ").operand(node.input(1));
        } else if (op instanceof MatMul matmul) {
            line.operand(node.input(0)).text(matmul.transposeLeft() ? "^T @ " : " @ ").operand(node.input(1))
                    .text(matmul.transposeRight() ? "^T" : "");
            if (node.size() <= EXPANDED_PRODUCT_LIMIT && matmul.inner(node) <= EXPANDED_PRODUCT_LIMIT) {
                return new Formula(line.symbolic.toString(), expandedProduct(node, matmul));
            }
        } else if (op instanceof Transpose) {
            line.operand(node.input(0)).text("^T");
        } else if (op instanceof Slice slice) {
            line.operand(node.input(0)).text(indexText(node.input(0), slice));
        } else {
            line.call(op.mnemonic(), node.inputs());
        }
        return line.formula();
    }

    private static void function(Line line, Map1 map, Node argument) {
        switch (map.fn()) {
            case NEG -> line.text("-").operand(argument);
            case POW -> line.operand(argument).text("^" + Numbers.format(map.parameter()));
            case LEAKY_RELU -> line.text("leaky_relu(").operand(argument)
                    .text(", " + Numbers.format(map.parameter()) + ")");
            default -> line.text(map.fn().mnemonic() + "(").operand(argument).text(")");
        }
    }

    /** {@code [0.2·0.5 + 0.5·0.3, 0.3·0.5 + 0.4·0.3]}: each element of op(A) @ op(B) as its sum of products. */
    private List<Part> expandedProduct(Node node, MatMul matmul) {
        String a = valueKey(node.input(0));
        String b = valueKey(node.input(1));
        int rows = matmul.rows(node);
        int columns = matmul.columns(node);
        boolean matrix = node.shape().rank() == 2;
        Line line = new Line();
        line.numberText(node.shape().isScalar() ? "" : matrix ? "[[" : "[");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                line.numberText(j > 0 || (i > 0 && !matrix) ? ", " : "");
                for (int l = 0; l < matmul.inner(node); l++) {
                    line.numberText(l == 0 ? "" : " + ").number(a, matmul.leftIndex(node, i, l))
                            .numberText("·").number(b, matmul.rightIndex(node, l, j));
                }
            }
            line.numberText(!matrix ? "" : i + 1 < rows ? "], [" : "]]");
        }
        line.numberText(node.shape().rank() == 1 ? "]" : "");
        return line.formula().numeric();
    }

    /** {@code [3]} or {@code [1, 0]} for a slice of a vector or matrix. */
    private static String indexText(Node source, Slice slice) {
        if (source.shape().rank() == 2) {
            int columns = source.shape().dimension(1);
            return slice.result().isScalar()
                    ? "[" + slice.offset() / columns + ", " + slice.offset() % columns + "]"
                    : "[" + slice.offset() / columns + "]";
        }
        return "[" + slice.offset() + "]";
    }

    private static String symbol(Map2.Kind kind) {
        return switch (kind) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
        };
    }

    /** What a box on the graph says it computes: {@code sigmoid}, {@code @}, {@code +}, {@code ^2}. */
    static String label(Node node) {
        Op op = node.op();
        if (op instanceof Op.Variable variable) {
            return variable.kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (op instanceof Map1 map && map.fn() == Fn.POW) {
            return "^" + Numbers.format(map.parameter());
        }
        if (op instanceof Map2 map) {
            return symbol(map.kind());
        }
        if (op instanceof MatMul matmul) {
            return (matmul.transposeLeft() ? "ᵀ" : "") + "@" + (matmul.transposeRight() ? "ᵀ" : "");
        }
        if (op instanceof Transpose) {
            return "ᵀ";
        }
        return op.mnemonic();
    }

    // ---- backward

    /**
     * The derivative a chain-rule step belongs to: the loss's ({@code dL/d}),
     * or a {@code grad(e, x)}'s ({@code de/d}), and where each node's adjoint
     * has its value on the page.
     */
    private record Chain(String of, Map<Node, Node> adjoints, Function<Node, String> adjointKey) {
    }

    private Chain chain(Derivative derivative) {
        String of = derivative.of() != null ? derivative.of() : names.of(derivative.value());
        // A grad's adjoints are forward values, not dL/dnode: quote them, as they may not be drawn.
        return new Chain(of, derivative.adjoints(), user -> {
            quoted.add(derivative.adjoints().get(user));
            return quotedKey(derivative.adjoints().get(user));
        });
    }

    /** {@code dL/dnode} as the sum of its chain-rule terms, one per use of the node. */
    Formula backward(Node node, List<ReverseMode.Contribution> contributions) {
        return backward(node, contributions, new Chain("L", adjoints, Formulas::adjointKey));
    }

    private Formula backward(Node node, List<ReverseMode.Contribution> contributions, Chain chain) {
        Line line = new Line();
        for (int k = 0; k < contributions.size(); k++) {
            if (k > 0) {
                line.text(" + ");
            }
            term(line, contributions.get(k), node, chain);
        }
        return line.formula();
    }

    private void term(Line line, ReverseMode.Contribution contribution, Node node, Chain chain) {
        Node user = contribution.user();
        int input = contribution.inputIndex();
        Node adjoint = chain.adjoints().get(user);
        // The node the rule built for this term: the graph interns, so asking again returns the same one.
        Node value = user.op().vjp(user, adjoint, graph).get(input);
        // A scalar operand that was broadcast receives the sum of the term.
        boolean summed = node.shape().isScalar() && !adjoint.shape().isScalar();
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < user.inputs().size(); i++) {
            placeholders.add("\u0000" + i + "\u0000");
        }
        String note = user.op().adjointNote(input, OUT, placeholders);
        line.text(summed ? "sum(" : "");
        line.symbolic.append(substitute(note, user, chain));
        if (!localFactor(line, user, adjoint, value, chain)) {
            numbers(line, note, user, value, chain);
        }
        line.text(summed ? ")" : "");
    }

    private String substitute(String note, Node user, Chain chain) {
        String text = note.replace("dL/d" + OUT, NodeNames.derivative(chain.of(), names.of(user))).replace(OUT, names.of(user));
        for (int i = 0; i < user.inputs().size(); i++) {
            text = text.replace("\u0000" + i + "\u0000", operandText(user.input(i)));
        }
        return text;
    }

    /**
     * For an element-wise function, {@code dL/dy * f'(x)} with f'(x) as the
     * number the rule computed, as the tutorials write it; false when the
     * rule's node does not have that form (a rewrite folded it).
     */
    private boolean localFactor(Line line, Node user, Node adjoint, Node value, Chain chain) {
        if (!(user.op() instanceof Map1) || !(value.op() instanceof Map2 map) || map.kind() != Map2.Kind.MUL
                || value.input(0) != adjoint) {
            return false;
        }
        quoted.add(value.input(1));
        line.number(chain.adjointKey().apply(user), -1).numberText(" * ").number(quotedKey(value.input(1)), -1);
        return true;
    }

    /** The note with each name replaced by its value; the term's value where the note is not a formula in names. */
    private void numbers(Line line, String note, Node user, Node value, Chain chain) {
        String rest = note.replace("dL/d" + OUT, "\u0000d\u0000");
        if (rest.contains("d" + OUT) || rest.contains("/d\u0000")) {
            quoted.add(value);
            line.number(quotedKey(value), -1);
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int at = 0; at < rest.length(); at++) {
            char c = rest.charAt(at);
            if (c != '\u0000') {
                text.append(c);
                continue;
            }
            int end = rest.indexOf('\u0000', at + 1);
            line.numberText(text.toString());
            text.setLength(0);
            token(line, rest.substring(at + 1, end), user, chain);
            at = end;
        }
        line.numberText(text.toString());
    }

    private static void token(Line line, String token, Node user, Chain chain) {
        if (token.equals("d")) {
            line.number(chain.adjointKey().apply(user), -1);
        } else if (token.equals("o")) {
            line.number(valueKey(user), -1);
        } else {
            Node operand = user.input(Integer.parseInt(token));
            if (isInlineConstant(operand)) {
                line.numberText(constantText(operand));
            } else {
                line.number(valueKey(operand), -1);
            }
        }
    }

    private String operandText(Node operand) {
        return isInlineConstant(operand) ? constantText(operand) : names.of(operand);
    }

    private static String constantText(Node constant) {
        return Numbers.format(((Op.Constant) constant.op()).values().get(0));
    }

    /** A formula under construction: the symbolic text and the parts with numbers, side by side. */
    private final class Line {
        final StringBuilder symbolic = new StringBuilder();
        final List<Part> numeric = new ArrayList<>();

        /** Text in both forms. */
        Line text(String text) {
            symbolic.append(text);
            return numberText(text);
        }

        Line numberText(String text) {
            numeric.add(Part.text(text));
            return this;
        }

        /** A value (or its element {@code index}, when not negative), in parentheses if negative after an operator. */
        Line number(String key, int index) {
            numeric.add(Part.element(key, index, afterOperator()));
            return this;
        }

        Line operand(Node operand) {
            if (isInlineConstant(operand)) {
                return text(constantText(operand));
            }
            symbolic.append(names.of(operand));
            return number(valueKey(operand), -1);
        }

        Line call(String function, List<Node> operands) {
            text(function + "(");
            for (int i = 0; i < operands.size(); i++) {
                text(i == 0 ? "" : ", ").operand(operands.get(i));
            }
            return text(")");
        }

        private boolean afterOperator() {
            for (int i = numeric.size() - 1; i >= 0; i--) {
                if (numeric.get(i) instanceof Part.Text text && !text.text().isBlank()) {
                    return "+-*/·@^".indexOf(text.text().strip().charAt(text.text().strip().length() - 1)) >= 0;
                }
                if (!(numeric.get(i) instanceof Part.Text)) {
                    return false;
                }
            }
            return false;
        }

        Formula formula() {
            List<Part> merged = new ArrayList<>();
            for (Part part : numeric) {
                int last = merged.size() - 1;
                if (part instanceof Part.Text text && last >= 0 && merged.get(last) instanceof Part.Text previous) {
                    merged.set(last, Part.text(previous.text() + text.text()));
                } else if (!(part instanceof Part.Text text && text.text().isEmpty())) {
                    merged.add(part);
                }
            }
            return new Formula(symbolic.toString(), merged);
        }
    }
}
