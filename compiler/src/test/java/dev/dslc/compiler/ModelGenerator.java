package dev.dslc.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random well-typed {@code .nn} programs for differential testing: every
 * operator and built-in, shapes from scalars to matrices (some large enough
 * that the emitter writes loops rather than unrolling), one in four
 * parameters a {@code const}, expressions up to
 * three deep, bindings used several times (fan-out) and subexpressions
 * written twice (shared by the IR). Arguments are kept where the functions
 * are smooth and finite: log and sqrt of {@code square(e) + c}, division by
 * {@code square(e) + 1}, probabilities through sigmoid or softmax.
 *
 * <pre>{@code
 * String source = ModelGenerator.generate(42L, "Random42");
 * }</pre>
 */
final class ModelGenerator {
    private static final String[] SMOOTH = {"sin", "cos", "tanh", "sigmoid", "softplus", "square"};
    private static final String[] KINKED = {"abs", "relu"};

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
        terms.add(expr(new int[0], 2));
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

    /** Mostly small; one in eight has a dimension past the emitter's unrolling limits. */
    private int[] shape() {
        int rank = random.nextInt(3);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = random.nextInt(8) == 0 ? 65 + random.nextInt(10) : 1 + random.nextInt(4);
        }
        if (rank == 2 && shape[0] * shape[1] > 400) {
            shape[1] = 1 + random.nextInt(3);
        }
        return shape;
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
        choices.add(() -> "(" + expr(shape, d) + " " + pick(new String[] {"+", "*"}) + " " + expr(new int[0], d) + ")");
        choices.add(() -> "(" + expr(shape, d) + " / (square(" + expr(random.nextBoolean() ? shape : new int[0], d) + ") + 1))");
        choices.add(() -> {
            String shared = expr(shape, d);
            return "(" + shared + " * " + shared + " - " + shared + ")";
        });
        choices.add(() -> "(" + expr(shape, d) + " ^ " + pick(new String[] {"2", "3", "1", "0"}) + ")");
        choices.add(() -> "((square(" + expr(shape, d) + ") + 1) ^ " + pick(new String[] {"-1", "0.5", "-2.5"}) + ")");
        choices.add(() -> "((sigmoid(" + expr(shape, d) + ") + 0.5) ^ tanh(" + expr(shape, d) + "))");
        if (shape.length == 2) {
            choices.add(() -> "(" + expr(new int[] {shape[1], shape[0]}, d) + ")'");
            int inner = 1 + random.nextInt(4);
            choices.add(() -> "(" + expr(new int[] {shape[0], inner}, d) + " @ " + expr(new int[] {inner, shape[1]}, d) + ")");
        }
        if (shape.length == 1) {
            int inner = random.nextInt(5) == 0 ? 65 + random.nextInt(5) : 1 + random.nextInt(4);
            choices.add(() -> "(" + expr(new int[] {shape[0], inner}, d) + " @ " + expr(new int[] {inner}, d) + ")");
            choices.add(() -> "(" + expr(new int[] {inner}, d) + " @ " + expr(new int[] {inner, shape[0]}, d) + ")");
            choices.add(() -> "softmax(" + expr(shape, d) + ")");
            choices.add(() -> "log_softmax(" + expr(shape, d) + ")");
            choices.add(() -> "(" + expr(new int[] {1 + random.nextInt(3), shape[0]}, d) + ")[0]");
            choices.add(() -> expr(shape, d) + "'");
        }
        if (shape.length == 0) {
            int[] any = shape();
            int[] vector = {1 + random.nextInt(5)};
            choices.add(() -> call(pick(new String[] {"sum", "mean", "max", "min"}), expr(any, d)));
            choices.add(() -> "logsumexp(" + expr(vector, d) + ")");
            choices.add(() -> "dot(" + expr(vector, d) + ", " + expr(vector, d) + ")");
            choices.add(() -> "(" + expr(vector, d) + " @ " + expr(vector, d) + ")");
            choices.add(() -> "(" + expr(vector, d) + ")[" + random.nextInt(vector[0]) + "]");
            choices.add(() -> "mse(" + expr(any, d) + ", " + expr(any, d) + ")");
            choices.add(() -> "bce(sigmoid(" + expr(any, d) + "), sigmoid(" + expr(any, d) + "))");
            choices.add(() -> "bce_logits(" + expr(any, d) + ", sigmoid(" + expr(any, d) + "))");
            choices.add(() -> "cross_entropy(softmax(" + expr(vector, d) + "), softmax(" + expr(vector, d) + "))");
            choices.add(() -> "softmax_cross_entropy(" + expr(vector, d) + ", " + expr(vector, d) + ")");
            if (any.length == 2) {
                choices.add(() -> "(" + expr(any, d) + ")[0, " + (any[1] - 1) + "]");
            }
        }
        return choices.get(random.nextInt(choices.size())).get();
    }

    private String leaf(int[] shape) {
        List<Value> matching = pool.stream().filter(v -> java.util.Arrays.equals(v.shape(), shape))
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
