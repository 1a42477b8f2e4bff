package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Identifier;
import dev.dslc.compiler.syntax.Initializer;
import dev.dslc.compiler.syntax.Program;
import dev.dslc.compiler.syntax.SignedNumber;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check stage: resolves names, infers and checks shapes, and reports the
 * spec's errors and warnings. An expression whose shape could not be found has
 * a null shape, and nothing more is said about it, so one mistake is reported
 * once rather than again by every expression that uses it.
 */
public final class Checker {

    public record Result(Optional<CheckedModel> model, List<Diagnostic> diagnostics) {
    }

    private enum Kind { INPUT, TARGET, PARAMETER, BINDING }

    /** A defined name; {@code shape} is null when its definition had errors; {@code uses}: the names it reads directly. */
    private record Symbol(Kind kind, Identifier name, Shape shape, Set<String> uses) {
    }

    private final SourceFile source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, Symbol> symbols = new HashMap<>();
    /** First definition of every name anywhere in the file, to tell "used before defined" from "undefined". */
    private final Map<String, Identifier> definedAnywhere = new HashMap<>();
    private final Set<String> reportedNames = new HashSet<>();

    private final List<Declaration> inputs = new ArrayList<>();
    private final List<Declaration> targets = new ArrayList<>();
    private final List<Declaration> parameters = new ArrayList<>();
    private final List<Statement.Binding> bindings = new ArrayList<>();
    private final List<String> equations = new ArrayList<>();
    private long inputSize;
    private long targetSize;
    private long parameterCount;
    private Identifier modelName;
    /** Set by any input statement, valid or not, so that a bad one is not also reported as missing. */
    private boolean anyInput;
    private Statement.Output output;
    private Statement.Loss loss;
    private Set<String> lossUses = Set.of();
    private final GradCheck grad = new GradCheck(this);
    private Set<String> outputUses = Set.of();

    private Checker(SourceFile source) {
        this.source = source;
    }

    public static Result check(SourceFile source, Program program) {
        return new Checker(source).run(program);
    }

    private Result run(Program program) {
        for (Statement statement : program.statements()) {
            Identifier name = definedName(statement);
            if (name != null) {
                definedAnywhere.putIfAbsent(name.text(), name);
            }
        }
        List<Statement> statements = program.statements();
        for (int i = 0; i < statements.size(); i++) {
            statement(statements.get(i), i);
        }
        requirePresent(anyInput ? Boolean.TRUE : null, "no 'input': a model needs at least one input");
        requirePresent(output, "no 'output' statement");
        requirePresent(loss, "no 'loss' statement");
        requireNoTargetInOutput();
        String className = className();
        if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
            warnAboutParameters();
        }
        diagnostics.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Result(Optional.empty(), diagnostics);
        }
        CheckedModel model = new CheckedModel(className, source.fileName(), inputs, targets, parameters, bindings,
                output.value(), loss.value(), equations);
        diagnostics.addAll(LogitOutput.warnings(model, source));
        diagnostics.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
        return new Result(Optional.of(model), diagnostics);
    }

    private static Identifier definedName(Statement statement) {
        if (statement instanceof Statement.Data data) {
            return data.name();
        }
        if (statement instanceof Statement.Param param) {
            return param.name();
        }
        return statement instanceof Statement.Binding binding ? binding.name() : null;
    }

    // ---- statements

    private void statement(Statement statement, int index) {
        grad.startStatement();
        if (!(statement instanceof Statement.ModelName)) {
            equations.add(source.text(statement.span()).strip());
        }
        if (statement instanceof Statement.ModelName model) {
            modelStatement(model, index);
        } else if (statement instanceof Statement.Data data) {
            dataStatement(data);
        } else if (statement instanceof Statement.Param param) {
            paramStatement(param);
        } else if (statement instanceof Statement.Binding binding) {
            Set<String> uses = new HashSet<>();
            Shape shape = shape(binding.value(), uses);
            if (declare(binding.name(), Kind.BINDING, shape, uses)) {
                bindings.add(binding);
                grad.bound(binding.name().text());
            }
        } else if (statement instanceof Statement.Output out) {
            if (output != null) {
                error(out.span(), "more than one 'output'; the first is at line " + line(output.span()));
            }
            Set<String> uses = new HashSet<>();
            shape(out.value(), uses);
            if (output == null) {
                output = out;
                outputUses = uses;
            }
        } else {
            lossStatement((Statement.Loss) statement);
        }
    }

    private void modelStatement(Statement.ModelName model, int index) {
        if (modelName != null) {
            error(model.span(), "more than one 'model' statement");
            return;
        }
        modelName = model.name();
        if (index != 0) {
            error(model.span(), "'model' must be the first statement");
        }
        if (!JavaNames.isClassName(modelName.text())) {
            error(modelName.span(), "'" + modelName.text() + "' cannot be a Java class name");
        }
    }

    private void lossStatement(Statement.Loss lossStatement) {
        if (loss != null) {
            error(lossStatement.span(), "more than one 'loss'; the first is at line " + line(loss.span()));
            return;
        }
        loss = lossStatement;
        Set<String> uses = new HashSet<>();
        Shape shape = shape(lossStatement.value(), uses);
        lossUses = uses;
        if (shape != null && !shape.isScalar()) {
            error(lossStatement.value().span(), "the loss must be a scalar, but this is " + shape
                    + "; reduce it, e.g. with sum(...) or mean(...)");
        }
    }

    private void dataStatement(Statement.Data data) {
        Shape shape = dimensions(data.dimensions());
        boolean input = data.kind() == Statement.DataKind.INPUT;
        anyInput |= input;
        if (!declare(data.name(), input ? Kind.INPUT : Kind.TARGET, shape, Set.of()) || shape == null) {
            return;
        }
        String text = source.text(data.span()).strip();
        if (input) {
            inputs.add(new Declaration(data.name().text(), shape, (int) inputSize, Optional.empty(), false, data.span(),
                    text));
            inputSize = checkedTotal(inputSize, shape, data, "inputs");
        } else {
            targets.add(new Declaration(data.name().text(), shape, (int) targetSize, Optional.empty(), false, data.span(),
                    text));
            targetSize = checkedTotal(targetSize, shape, data, "targets");
        }
    }

    private void paramStatement(Statement.Param param) {
        Shape shape = dimensions(param.dimensions());
        param.initializer().ifPresent(init -> initializer(init, param.name(), shape));
        if (!declare(param.name(), Kind.PARAMETER, shape, Set.of()) || shape == null) {
            return;
        }
        String text = source.text(param.span()).strip();
        parameters.add(new Declaration(param.name().text(), shape, (int) parameterCount, param.initializer(),
                param.trainable(), param.span(), text));
        parameterCount = checkedTotal(parameterCount, shape, param, "parameters");
    }

    private long checkedTotal(long total, Shape shape, Statement statement, String what) {
        long next = total + shape.size();
        if (total <= Integer.MAX_VALUE && next > Integer.MAX_VALUE) {
            error(statement.span(), "too many " + what + ": more than " + Integer.MAX_VALUE + " elements in all");
        }
        return next;
    }

    /** Records a definition; false (after an error) when the name cannot be defined here. */
    private boolean declare(Identifier name, Kind kind, Shape shape, Set<String> uses) {
        if (Builtin.named(name.text()).filter(Builtin::reserved).isPresent()) {
            error(name.span(), "'" + name.text() + "' is a built-in function and cannot be used as a name");
            return false;
        }
        Symbol previous = symbols.get(name.text());
        if (previous != null) {
            error(name.span(), "'" + name.text() + "' is already defined at line " + line(previous.name().span()));
            return false;
        }
        symbols.put(name.text(), new Symbol(kind, name, shape, uses));
        return true;
    }

    private Shape dimensions(List<SignedNumber> dimensions) {
        boolean valid = true;
        int[] sizes = new int[dimensions.size()];
        for (int i = 0; i < sizes.length; i++) {
            SignedNumber dimension = dimensions.get(i);
            if (!dimension.isPlainInteger() || dimension.value() <= 0) {
                error(dimension.span(), "a dimension must be a positive integer, not " + dimension.text());
                valid = false;
            } else if (dimension.value() > Integer.MAX_VALUE) {
                error(dimension.span(), "dimension " + dimension.text() + " is too large (at most " + Integer.MAX_VALUE + ")");
                valid = false;
            } else {
                sizes[i] = (int) dimension.value();
            }
        }
        if (dimensions.size() > 2) {
            error(dimensions.get(2).span(), "tensors have at most 2 dimensions");
            return null;
        }
        if (valid && (long) Shape.of(sizes).size() >= Integer.MAX_VALUE) {
            error(dimensions.get(0).span(), "tensor of " + Shape.of(sizes) + " has too many elements");
            return null;
        }
        return valid ? Shape.of(sizes) : null;
    }

    private void initializer(Initializer initializer, Identifier name, Shape shape) {
        if (initializer instanceof Initializer.Constant constant) {
            finite(constant.value());
        } else if (initializer instanceof Initializer.Literal literal) {
            Shape literalShape = literal(literal.tensor().dimensions(), literal.tensor().elements());
            if (shape != null && !literalShape.equals(shape)) {
                error(literal.span(), "literal of shape " + literalShape + " for '" + name.text() + "' of shape " + shape);
            }
        } else {
            Initializers.check((Initializer.Random) initializer, this::error);
        }
    }

    private Shape literal(List<Integer> dimensions, List<SignedNumber> elements) {
        elements.forEach(this::finite);
        return new Shape(dimensions);
    }

    // ---- expressions

    /** The shape of an expression, or null after reporting why it has none; adds the names it reads to {@code uses}. */
    Shape shape(Expr expr, Set<String> uses) {
        if (expr instanceof Expr.Number number) {
            return finite(number.literal()) ? Shape.scalar() : null;
        }
        if (expr instanceof Expr.Name name) {
            return name(name.identifier(), uses);
        }
        if (expr instanceof Expr.Literal literal) {
            return literal(literal.tensor().dimensions(), literal.tensor().elements());
        }
        if (expr instanceof Expr.Negate negate) {
            return shape(negate.operand(), uses);
        }
        if (expr instanceof Expr.Transpose transpose) {
            Shape operand = shape(transpose.operand(), uses);
            return operand == null ? null : operand.transposed();
        }
        if (expr instanceof Expr.Index index) {
            return index(index, shape(index.target(), uses));
        }
        if (expr instanceof Expr.Call call) {
            return call(call, uses);
        }
        return binary((Expr.Binary) expr, uses);
    }

    Shape name(Identifier name, Set<String> uses) {
        Symbol symbol = symbols.get(name.text());
        if (symbol != null) {
            uses.add(name.text());
            grad.read(name.text());
            return symbol.shape();
        }
        if (!reportedNames.add(name.text())) {
            return null;
        }
        if (Builtin.named(name.text()).isPresent()) {
            error(name.span(), "'" + name.text() + "' is a function; call it as " + name.text() + "(...)");
        } else if (definedAnywhere.containsKey(name.text())) {
            error(name.span(), "'" + name.text() + "' is used before it is defined at line "
                    + line(definedAnywhere.get(name.text()).span()));
        } else {
            error(name.span(), "undefined name '" + name.text() + "'");
        }
        return null;
    }

    private Shape index(Expr.Index index, Shape target) {
        boolean valid = true;
        for (SignedNumber i : index.indices()) {
            if (!i.isPlainInteger() || i.value() < 0) {
                error(i.span(), "an index must be a non-negative integer literal, not " + i.text());
                valid = false;
            }
        }
        if (target == null || !valid) {
            return null;
        }
        if (index.indices().size() > target.rank()) {
            error(index.span(), target.isScalar() ? "cannot index a scalar"
                    : "too many indices for a tensor of shape " + target);
            return null;
        }
        for (int axis = 0; axis < index.indices().size(); axis++) {
            SignedNumber i = index.indices().get(axis);
            if (i.value() >= target.dimension(axis)) {
                error(i.span(), "index " + i.text() + " is out of range for a dimension of size " + target.dimension(axis));
                valid = false;
            }
        }
        return valid ? new Shape(target.dimensions().subList(index.indices().size(), target.rank())) : null;
    }

    private Shape call(Expr.Call call, Set<String> uses) {
        if (Builtin.named(call.function().text()).orElse(null) == Builtin.GRAD && call.arguments().size() == 2) {
            return grad.check(call, uses);
        }
        List<Shape> arguments = new ArrayList<>();
        for (Expr argument : call.arguments()) {
            arguments.add(shape(argument, uses));
        }
        String name = call.function().text();
        Optional<Builtin> builtin = Builtin.named(name);
        if (builtin.isEmpty()) {
            error(call.function().span(), symbols.containsKey(name) ? "'" + name + "' is not a function"
                    : "unknown function '" + name + "'");
            return null;
        }
        Builtin function = builtin.get();
        if (arguments.size() != function.arity()) {
            error(call.span(), name + " expects " + function.arity() + " argument" + (function.arity() == 1 ? "" : "s")
                    + ", got " + arguments.size());
            return null;
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (function.takesLiteral(i) && numberLiteral(call.arguments().get(i)) == null) {
                error(call.arguments().get(i).span(), name + "'s argument " + (i + 1) + " must be a number literal");
                return null;
            }
        }
        if (arguments.contains(null)) {
            return null;
        }
        try {
            return function.result(arguments);
        } catch (Builtin.ShapeError e) {
            error(call.span(), e.getMessage());
            return null;
        }
    }

    private Shape binary(Expr.Binary top, Set<String> uses) {
        List<Expr.Binary> spine = top.leftSpine();
        Shape left = shape(spine.get(0).left(), uses);
        for (Expr.Binary binary : spine) {
            left = binary(binary, left, shape(binary.right(), uses));
        }
        return left;
    }

    private Shape binary(Expr.Binary binary, Shape left, Shape right) {
        if (left == null || right == null) {
            return null;
        }
        Shape result = switch (binary.operator()) {
            case MATMUL -> Shape.matmul(left, right);
            case POWER -> numberLiteral(binary.right()) != null ? left : Shape.broadcast(left, right);
            default -> Shape.broadcast(left, right);
        };
        if (result == null) {
            error(binary.operatorSpan(), "shape mismatch: " + left + " " + binary.operator().symbol() + " " + right);
        } else if (result.size() == Integer.MAX_VALUE) {
            // Shape.size saturates; only @ makes a tensor larger than its operands.
            long elements = result.dimensions().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            error(binary.operatorSpan(), "the result of " + left + " " + binary.operator().symbol() + " " + right
                    + " would have " + elements + " elements, more than a Java array holds");
            return null;
        }
        return result;
    }

    /** The value of a number literal, optionally negated ({@code 2}, {@code -0.5}), or null for anything else. */
    public static Double numberLiteral(Expr expr) {
        if (expr instanceof Expr.Number number) {
            return number.literal().value();
        }
        if (expr instanceof Expr.Negate negate && negate.operand() instanceof Expr.Number number) {
            return -number.literal().value();
        }
        return null;
    }

    private boolean finite(SignedNumber number) {
        if (!number.isFinite()) {
            error(number.span(), "number " + number.text() + " is too large for a double");
            return false;
        }
        return true;
    }

    // ---- the rest

    private void requirePresent(Object statement, String message) {
        if (statement == null) {
            error(new Span(0, 0), message);
        }
    }

    private String className() {
        if (modelName != null) {
            return modelName.text();
        }
        String derived = JavaNames.classNameFromFile(source.fileName());
        if (!JavaNames.isClassName(derived)) {
            error(new Span(0, 0), "cannot make a class name from the file name '" + source.fileName()
                    + "'; add a 'model Name' statement");
        }
        return derived;
    }

    private void warnAboutParameters() {
        diagnostics.addAll(ParameterWarnings.of(parameters, namesReachedFrom(lossUses), namesReachedFrom(outputUses),
                this::nameSpan));
    }

    /** forward(input, output) receives no targets, so the output cannot be computed from one. */
    private void requireNoTargetInOutput() {
        namesReachedFrom(outputUses).stream()
                .filter(name -> symbols.get(name) != null && symbols.get(name).kind() == Kind.TARGET)
                .sorted()
                .findFirst()
                .ifPresent(name -> error(output.value().span(), "the output depends on the target '" + name
                        + "', which forward(input, output) does not receive"));
    }

    /**
     * The names read directly or through bindings. Iterative and linear: a
     * chain of 100,000 bindings would make per-binding sets of everything they
     * depend on quadratic.
     */
    private Set<String> namesReachedFrom(Set<String> direct) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(direct);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            Symbol symbol = symbols.get(name);
            if (reached.add(name) && symbol != null) {
                pending.addAll(symbol.uses());
            }
        }
        return reached;
    }

    /** True for a defined target; used by {@link GradCheck}. */
    boolean isTarget(String name) {
        Symbol symbol = symbols.get(name);
        return symbol != null && symbol.kind() == Kind.TARGET;
    }

    /** True when {@code name} is among the names read directly or through bindings; used by {@link GradCheck}. */
    boolean reaches(Set<String> direct, String name) {
        return namesReachedFrom(direct).contains(name);
    }

    private Span nameSpan(Declaration declaration) {
        return symbols.get(declaration.name()).name().span();
    }

    private int line(Span span) {
        return source.line(span.start());
    }

    void error(Span span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
