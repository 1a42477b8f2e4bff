package dev.dslc.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random well-typed {@code .nn} programs for differential testing: every
 * operator and built-in, shapes from scalars to matrices with dimensions on
 * both sides of every threshold of the emitter's code shape (unrolled up to
 * 64 elements and 256 multiply-adds, products past 64 multiply-adds as loops
 * with each element's sum written out, rows written out up to 128, batches
 * of 32: dimensions from 1 to 136), expressions up to three deep (four for the
 * loss), bindings used several times (fan-out) and subexpressions written
 * twice (shared by the IR), one parameter in four a {@code const}. Scalars of every kind (literals, scalar
 * parameters and inputs, reduction results) meet tensors on either side of
 * every operator, under reductions and non-linear functions; losses take a
 * scalar on either side; every matrix product shape comes with and without
 * transposes. Arguments are kept where the functions are smooth and finite:
 * log and sqrt of {@code square(e) + c}, division by {@code square(e) + 1},
 * probabilities through sigmoid or softmax.
 *
 * <pre>{@code
 * String source = ModelGenerator.generate(42L, "Random42");
 * }</pre>
 */
final class ModelGenerator {
    private static final String[] SMOOTH = {"sin", "cos", "tanh", "sigmoid", "softplus", "square"};
    private static final String[] KINKED = {"abs", "relu"};
    private static final String[] REDUCTIONS = {"sum", "mean", "max", "min"};
    private static final int MAX_MATRIX_ELEMENTS = 3_000;
    private static final int[] SCALAR = {};

    /** A name to use; {@code target}: it is, or is computed from, a target. */
    private record Value(String name, int[] shape, boolean target) {
    }

    private final Random random;
    /** Which parameters are const; a stream of its own, so that each seed still gives the model it always gave. */
    private final Random constants;
    private final List<Value> pool = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    /** While writing the output, which forward computes without targets. */
    private boolean withoutTargets;
    /** Whether the expression being written has used a target. */
    private boolean usedTarget;

    private ModelGenerator(long seed) {
        this.random = new Random(seed);
        this.constants = new Random(~seed);
    }

    static String generate(long seed, String className) {
        return new ModelGenerator(seed).model(className);
    }

    private String model(String className) {
        text.append("model ").append(className).append('\n');
        declare("input", "x", 1 + random.nextInt(2));
        declare("target", "y", random.nextInt(3));
        int parameters = 1 + random.nextInt(3);
        for (int i = 0; i < parameters; i++) {
            int[] shape = shape();
            String name = "w" + i;
            text.append(constants.nextInt(4) == 0 ? "const " : "param ").append(name).append(dimensions(shape)).append(initializer(shape)).append('\n');
            pool.add(new Value(name, shape, false));
        }
        int bindings = 2 + random.nextInt(5);
        for (int i = 0; i < bindings; i++) {
            int[] shape = random.nextInt(3) == 0 ? shape() : pool.get(random.nextInt(pool.size())).shape();
            String name = "h" + i;
            usedTarget = false;
            text.append(name).append(" = ").append(expr(shape, 1 + random.nextInt(3))).append('\n');
            pool.add(new Value(name, shape, usedTarget));
        }
        withoutTargets = true;
        text.append("output ").append(expr(pool.get(random.nextInt(pool.size())).shape(), random.nextInt(2))).append('\n');
        withoutTargets = false;
        List<String> terms = new ArrayList<>();
        for (Value value : pool) {
            if (value.name().startsWith("w") || random.nextInt(3) == 0) {
                terms.add(reduce(value.name(), value.shape()));
            }
        }
        terms.add(expr(SCALAR, 3));
        text.append("loss ").append(String.join(" + ", terms)).append('\n');
        return text.toString();
    }

    private void declare(String keyword, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            int[] shape = shape();
            String name = prefix + i;
            text.append(keyword).append(' ').append(name).append(dimensions(shape)).append('\n');
            pool.add(new Value(name, shape, keyword.equals("target")));
        }
    }

    /** Mostly small; about one dimension in three is past one of the emitter's thresholds. */
    private int[] shape() {
        int rank = random.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = dimension();
        }
        return fitted(shape);
    }

    /** From 1 to 136, clustered around the thresholds at 8, 16, 32, 64 and 128. */
    private int dimension() {
        return switch (random.nextInt(12)) {
            case 0 -> 5 + random.nextInt(16);
            case 1 -> 28 + random.nextInt(8);
            case 2 -> 60 + random.nextInt(10);
            case 3 -> 120 + random.nextInt(17);
            case 4 -> 7 + random.nextInt(130);
            default -> 1 + random.nextInt(4);
        };
    }

    /** A matrix of at most 3,000 elements, so that a model compiles in a fraction of a second. */
    private int[] fitted(int[] shape) {
        if (shape.length == 2 && shape[0] * shape[1] > MAX_MATRIX_ELEMENTS) {
            shape[random.nextInt(2)] = 1 + random.nextInt(4);
        }
        return shape;
    }

    /** A dimension for a matrix whose other dimension is {@code other}, within the size cap. */
    private int dimensionBeside(int other) {
        int dimension = dimension();
        return dimension * other > MAX_MATRIX_ELEMENTS ? 1 + random.nextInt(4) : dimension;
    }

    private String initializer(int[] shape) {
        return switch (random.nextInt(5)) {
            case 0 -> " ~ xavier";
            case 1 -> " ~ normal(0, 0.5)";
            case 2 -> " = " + number();
            case 3 -> size(shape) <= 16 && shape.length > 0 ? " = " + literal(shape) : " ~ uniform(-1, 1)";
            default -> " ~ he";
        };
    }

    // ---- expressions of a given shape

    private String expr(int[] shape, int depth) {
        if (depth <= 0 || random.nextInt(4) == 0) {
            return leaf(shape);
        }
        List<Supplier<String>> choices = new ArrayList<>();
        int d = depth - 1;
        choices.add(() -> call(pick(SMOOTH), expr(shape, d)));
        choices.add(() -> call(pick(KINKED), expr(shape, d)));
        choices.add(() -> "leaky_relu(" + expr(shape, d) + ", 0.1)");
        choices.add(() -> "exp(tanh(" + expr(shape, d) + "))");
        choices.add(() -> "log(square(" + expr(shape, d) + ") + 1)");
        choices.add(() -> "sqrt(square(" + expr(shape, d) + ") + 0.5)");
        choices.add(() -> "(-" + expr(shape, d) + ")");
        choices.add(() -> "(" + expr(shape, d) + " " + pick(new String[] {"+", "-", "*"}) + " " + expr(shape, d) + ")");
        choices.add(() -> withScalar(expr(shape, d), d));
        choices.add(() -> "(" + expr(shape, d) + " / (square(" + expr(random.nextBoolean() ? shape : SCALAR, d) + ") + 1))");
        choices.add(() -> {
            String shared = expr(shape, d);
            return "(" + shared + " * " + shared + " - " + shared + ")";
        });
        choices.add(() -> "(" + expr(shape, d) + " ^ " + pick(new String[] {"2", "3", "1", "0"}) + ")");
        choices.add(() -> "((square(" + expr(shape, d) + ") + 1) ^ " + pick(new String[] {"-1", "0.5", "-2.5"}) + ")");
        choices.add(() -> "((sigmoid(" + expr(shape, d) + ") + 0.5) ^ tanh(" + expr(shape, d) + "))");
        choices.add(() -> product(shape, d));
        if (shape.length == 2) {
            choices.add(() -> "(" + expr(new int[] {shape[1], shape[0]}, d) + ")'");
        }
        if (shape.length == 1) {
            choices.add(() -> "softmax(" + expr(shape, d) + ")");
            choices.add(() -> "log_softmax(" + expr(shape, d) + ")");
            choices.add(() -> row(shape[0], d));
            choices.add(() -> expr(shape, d) + "'");
        }
        if (shape.length == 0) {
            choices.addAll(scalarChoices(d));
        }
        return choices.get(random.nextInt(choices.size())).get();
    }

    private List<Supplier<String>> scalarChoices(int d) {
        List<Supplier<String>> choices = new ArrayList<>();
        int[] any = random.nextBoolean() ? trainedShape() : shape();
        int[] vector = {dimension()};
        choices.add(() -> call(pick(REDUCTIONS), expr(any, d)));
        // a scalar met with a tensor under a reduction, then a non-linear function: sin(sum(a * 2))
        choices.add(() -> call(pick(SMOOTH), call(pick(REDUCTIONS), withScalar(expr(any, d), d))));
        choices.add(() -> "exp(tanh(" + call(pick(REDUCTIONS), withScalar(expr(any, d), d)) + "))");
        choices.add(() -> "logsumexp(" + expr(vector, d) + ")");
        choices.add(() -> "dot(" + expr(vector, d) + ", " + expr(vector, d) + ")");
        choices.add(() -> "(" + expr(any, d) + ")" + element(any));
        choices.add(() -> loss(any, vector, d));
        choices.add(() -> call(pick(SMOOTH), loss(any, vector, d)));
        return choices;
    }

    /**
     * The shape of a parameter or of a binding, so that an expression of it
     * has a gradient: a fresh shape mostly has no value in the pool and is
     * filled with literals, whose derivative is never built.
     */
    private int[] trainedShape() {
        List<Value> trained = pool.stream().filter(v -> !v.target() && !v.name().startsWith("x")).toList();
        return trained.isEmpty() ? shape() : trained.get(random.nextInt(trained.size())).shape().clone();
    }

    /** A loss built-in, a scalar on either side in one case out of three. */
    private String loss(int[] any, int[] vector, int d) {
        int[] left = random.nextInt(3) == 0 ? SCALAR : any;
        int[] right = random.nextInt(3) == 0 ? SCALAR : any;
        int[] target = random.nextInt(3) == 0 ? SCALAR : vector;
        return switch (random.nextInt(6)) {
            case 0 -> "mse(" + expr(left, d) + ", " + expr(right, d) + ")";
            case 1 -> "bce(sigmoid(" + expr(left, d) + "), sigmoid(" + expr(right, d) + "))";
            case 2 -> "bce_logits(" + expr(left, d) + ", sigmoid(" + expr(right, d) + "))";
            case 3 -> "cross_entropy(softmax(" + expr(vector, d) + "), " + probabilities(target, d) + ")";
            case 4 -> "cross_entropy(exp(" + expr(left.length == 0 ? SCALAR : vector, d) + "), " + probabilities(target, d) + ")";
            // vectors only: the language refuses a scalar on either side here; targets that do not sum
            // to 1 (sigmoid) reach the gradient's sum(y) factor
            default -> "softmax_cross_entropy(" + expr(vector, d) + ", " + (random.nextBoolean()
                    ? probabilities(vector, d) : "sigmoid(" + expr(vector, d) + ")") + ")";
        };
    }

    /** A target for the cross entropies: a probability vector, or a scalar (broadcast over the classes). */
    private String probabilities(int[] shape, int d) {
        return shape.length == 0 ? "sigmoid(" + expr(SCALAR, d) + ")" : "softmax(" + expr(shape, d) + ")";
    }

    /**
     * The tensor {@code e} with a scalar of any kind on either side of an
     * arithmetic operator: a literal, a scalar parameter or input, or a
     * reduction of another tensor.
     */
    private String withScalar(String e, int d) {
        String scalar = switch (random.nextInt(4)) {
            case 0 -> number();
            case 1 -> leaf(SCALAR);
            case 2 -> call(pick(REDUCTIONS), expr(shape(), Math.min(d, 1)));
            default -> expr(SCALAR, d);
        };
        return switch (random.nextInt(7)) {
            case 0 -> "(" + e + " + " + scalar + ")";
            case 1 -> "(" + scalar + " + " + e + ")";
            case 2 -> "(" + e + " - " + scalar + ")";
            case 3 -> "(" + scalar + " - " + e + ")";
            case 4 -> "(" + e + " * " + scalar + ")";
            case 5 -> "(" + scalar + " * " + e + ")";
            default -> random.nextBoolean() ? "(" + e + " / (square(" + scalar + ") + 1))"
                    : "(" + scalar + " / (square(" + e + ") + 1))";
        };
    }

    /**
     * A matrix product giving {@code shape}, in every form the language has:
     * [m, n] @ [n, k], [m, n] @ [n], [n] @ [n, k], [n] @ [n], each matrix
     * operand written directly or as the transpose of its transpose.
     */
    private String product(int[] shape, int d) {
        int inner = dimensionBeside(Arrays.stream(shape).max().orElse(1));
        String[] forms = switch (shape.length) {
            case 2 -> new String[] {matrixOperand(new int[] {shape[0], inner}, d), matrixOperand(new int[] {inner, shape[1]}, d)};
            case 1 -> random.nextBoolean()
                    ? new String[] {matrixOperand(new int[] {shape[0], inner}, d), vectorOperand(inner, d)}
                    : new String[] {vectorOperand(inner, d), matrixOperand(new int[] {inner, shape[0]}, d)};
            default -> new String[] {vectorOperand(inner, d), vectorOperand(inner, d)};
        };
        return "(" + forms[0] + " @ " + forms[1] + ")";
    }

    /** A matrix operand, one time in two as {@code (B)'} with B of the transposed shape. */
    private String matrixOperand(int[] shape, int d) {
        return random.nextBoolean() ? "(" + expr(shape, d) + ")" : "(" + expr(new int[] {shape[1], shape[0]}, d) + ")'";
    }

    /** A vector operand; its transpose is itself, which the language allows. */
    private String vectorOperand(int length, int d) {
        String vector = expr(new int[] {length}, d);
        return random.nextInt(4) == 0 ? "(" + vector + ")'" : vector;
    }

    /** Row i of a matrix with any number of rows. */
    private String row(int length, int d) {
        int rows = dimensionBeside(length);
        return "(" + expr(new int[] {rows, length}, d) + ")[" + random.nextInt(rows) + "]";
    }

    /** An element of a tensor of this shape, at a random position. */
    private String element(int[] shape) {
        return switch (shape.length) {
            case 0 -> "";
            case 1 -> "[" + random.nextInt(shape[0]) + "]";
            default -> "[" + random.nextInt(shape[0]) + ", " + random.nextInt(shape[1]) + "]";
        };
    }

    private String leaf(int[] shape) {
        List<Value> matching = pool.stream().filter(v -> Arrays.equals(v.shape(), shape))
                .filter(v -> !(withoutTargets && v.target())).toList();
        if (!matching.isEmpty() && random.nextInt(5) != 0) {
            Value value = matching.get(random.nextInt(matching.size()));
            usedTarget |= value.target();
            return value.name();
        }
        return shape.length == 0 ? number() : literal(shape);
    }

    private String reduce(String name, int[] shape) {
        return shape.length == 0 ? "square(" + name + ")" : "mean(square(" + name + "))";
    }

    private String call(String function, String argument) {
        return function + "(" + argument + ")";
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** A number from ±0.1 to ±1.9, never near a kink at zero. */
    private String number() {
        double magnitude = 0.1 + random.nextInt(19) / 10.0;
        return String.format(Locale.ROOT, "%.1f", random.nextBoolean() ? magnitude : -magnitude);
    }

    private String literal(int[] shape) {
        if (shape.length == 1) {
            return vector(shape[0]);
        }
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < shape[0]; i++) {
            rows.add(vector(shape[1]));
        }
        return "[" + String.join(", ", rows) + "]";
    }

    private String vector(int length) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            numbers.add(number());
        }
        return "[" + String.join(", ", numbers) + "]";
    }

    private static String dimensions(int[] shape) {
        if (shape.length == 0) {
            return "";
        }
        return shape.length == 1 ? "[" + shape[0] + "]" : "[" + shape[0] + ", " + shape[1] + "]";
    }

    private static int size(int[] shape) {
        int size = 1;
        for (int dimension : shape) {
            size *= dimension;
        }
        return size;
    }
}
