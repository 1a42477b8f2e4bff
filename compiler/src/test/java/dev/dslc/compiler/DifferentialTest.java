package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random models (see {@link ModelGenerator}) compiled to classes and compared,
 * at random points, with the IR interpreter and with central finite
 * differences of the class's own loss: loss, output and gradient from
 * {@code backward}, the summed gradient of three examples from
 * {@code backwardBatch}, and the parameters after a fused {@code sgdStep}. A disagreement is
 * shrunk to a small model, written to {@code target/differential-failures},
 * and belongs in {@code src/test/resources/differential}, where every file is
 * checked again on each build.
 *
 * <p>CI checks {@value #DEFAULT_MODELS} models; more with
 * {@code -Ddslc.differential.models=5000} (and another starting seed with
 * {@code -Ddslc.differential.seed=...}); see docs/robustness.md.
 */
class DifferentialTest {
    static final int DEFAULT_MODELS = 300;
    private static final int MODELS = Integer.getInteger("dslc.differential.models", DEFAULT_MODELS);
    private static final long FIRST_SEED = Long.getLong("dslc.differential.seed", 1L);
    private static final int BATCH = 60;
    private static final String PACKAGE = "dev.dslc.random";
    private static final Path REGRESSIONS = Path.of("src/test/resources/differential");

    @Test
    void randomModels_agreeWithTheInterpreterAndWithFiniteDifferences() throws IOException {
        List<String> failures = new ArrayList<>();
        for (long start = FIRST_SEED; start < FIRST_SEED + MODELS; start += BATCH) {
            List<String> sources = new ArrayList<>();
            for (long seed = start; seed < Math.min(start + BATCH, FIRST_SEED + MODELS); seed++) {
                sources.add(ModelGenerator.generate(seed, "Random" + seed));
            }
            List<Optional<String>> problems = check(sources);
            for (int i = 0; i < sources.size(); i++) {
                if (problems.get(i).isPresent()) {
                    failures.add(report(start + i, sources.get(i), problems.get(i).get()));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    /**
     * Every orientation of a matrix product, at sizes on both sides of the
     * emitter's product thresholds: unrolled up to 64 multiply-adds, a loop
     * over the elements with each sum written out up to 512 multiply-adds and
     * 64 elements, the dense-layer loops beyond, whose row groups are calls
     * of a method of their own when the rows are 256 or longer. The product feeds a
     * non-linear function and the loss, so its gradient, in all of
     * {@code backward}, {@code backwardBatch} and {@code sgdStep}, is one too.
     */
    @Test
    void productsAroundEveryThreshold_agreeWithTheInterpreterAndWithFiniteDifferences() {
        int[][] sizes = {{4, 16}, {5, 16}, {16, 16}, {16, 17}, {8, 32}, {3, 64}, {64, 4}, {2, 128}, {32, 9}, {65, 3},
            {10, 32}, {16, 32}, {16, 33}, {8, 64}, {8, 65}, {64, 8}, {64, 9}, {2, 256}, {2, 257},
            // rows of 256 and more: four-row groups and eight-row gradient loops called one group at a time
            {16, 256}, {9, 264}, {12, 255}};
        String[] forms = {"W @ x", "W' @ v", "v @ W", "x @ W'", "W @ M", "M' @ W'"};
        List<String> sources = new ArrayList<>();
        for (int[] size : sizes) {
            int m = size[0];
            int n = size[1];
            for (String form : forms) {
                // a class name each: the classes are compiled and loaded together
                sources.add("model Product" + sources.size() + "\ninput x[" + n + "]\ninput v[" + m + "]\n"
                        + "param W[" + m + ", " + n + "] ~ xavier\n"
                        + "param M[" + n + ", 3] ~ xavier\nh = tanh(" + form + ")\noutput h\nloss sum(square(h))\n");
            }
        }
        List<Optional<String>> problems = check(sources);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (problems.get(i).isPresent()) {
                failures.add(problems.get(i).get() + "\n" + sources.get(i));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    @Test
    void keptDisagreements_stayFixed() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.exists(REGRESSIONS) ? Files.list(REGRESSIONS) : Stream.empty()) {
            files = listing.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        List<String> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(Files.readString(file));
        }
        List<Optional<String>> problems = check(sources);
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            assertTrue(problems.get(i).isEmpty(), () -> files.get(index) + ": " + problems.get(index).get());
        }
    }

    /**
     * For each model, what disagrees, if anything: a crash of the compiler, a
     * class javac rejects, or a value. A model with errors is a bug of the
     * generator and fails the test.
     */
    static List<Optional<String>> check(List<String> sources) {
        List<GeneratedClass> classes = new ArrayList<>();
        List<Optional<String>> crashes = new ArrayList<>();
        for (String source : sources) {
            Compilation compilation;
            try {
                compilation = Compiler.compile(new SourceFile("random.nn", source), PACKAGE);
            } catch (RuntimeException crash) {
                crashes.add(Optional.of("the compiler crashed: " + crash));
                continue;
            }
            if (compilation.hasErrors()) {
                fail("the generator wrote a model with errors: " + compilation.diagnostics() + "\n" + source);
            }
            classes.add(compilation.generated().orElseThrow());
            crashes.add(Optional.empty());
        }
        Map<String, Class<? extends Model>> loaded = new java.util.HashMap<>();
        try {
            loaded.putAll(classes.isEmpty() ? Map.of() : ModelLoader.loadAll(classes));
        } catch (IllegalStateException rejected) {
            // Some class does not compile: find which, one by one.
            for (GeneratedClass generated : classes) {
                try {
                    loaded.putAll(ModelLoader.loadAll(List.of(generated)));
                } catch (IllegalStateException e) {
                    // left out of loaded; reported below
                }
            }
        }
        List<Optional<String>> problems = new ArrayList<>();
        int compiled = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (crashes.get(i).isPresent()) {
                problems.add(crashes.get(i));
                continue;
            }
            Class<? extends Model> type = loaded.get(classes.get(compiled++).qualifiedName());
            problems.add(type == null ? Optional.of("javac rejects the generated class") : compare(sources.get(i), type, i));
        }
        return problems;
    }

    private static Optional<String> compare(String source, Class<? extends Model> type, long seed) {
        try {
            return new Comparison(source, type, seed).disagreement();
        } catch (RuntimeException crash) {
            return Optional.of("crashed: " + crash);
        }
    }

    static String report(long seed, String source, String problem) throws IOException {
        String shrunk = Shrinker.shrink(source, s -> check(List.of(s)).get(0).isPresent());
        Path folder = Path.of("target/differential-failures");
        Files.createDirectories(folder);
        Path file = folder.resolve("random" + seed + ".nn");
        Files.writeString(file, shrunk);
        return "seed " + seed + ": " + problem + "\nshrunk to " + file + " (keep it in " + REGRESSIONS + "):\n" + shrunk;
    }

    /** One model at one random point: the class against the interpreter and against finite differences. */
    private static final class Comparison {
        private final ReferenceModel reference;
        private final Model model;
        private final Random random;
        private final double[] input;
        private final double[] target;

        Comparison(String source, Class<? extends Model> type, long seed) {
            this.reference = ReferenceModel.of(source);
            this.random = new Random(seed * 31 + source.hashCode());
            try {
                this.model = type.getConstructor(long.class).newInstance(seed);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            double[] parameters = model.parameters();
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = point();
            }
            this.input = points(model.inputSize());
            this.target = points(model.targetSize());
        }

        Optional<String> disagreement() {
            ReferenceModel.Values expected = reference.evaluate(input, target, model.parameters().clone());
            double[] output = new double[model.outputSize()];
            model.forward(input, output);
            double loss = model.loss(input, target);
            model.zeroGradients();
            double lossFromBackward = model.backward(input, target);
            double[] gradient = model.gradients().clone();
            Optional<String> problem = differ("loss", expected.loss(), loss)
                    .or(() -> differ("loss from backward", loss, lossFromBackward))
                    .or(() -> differ("output", expected.output(), output))
                    .or(() -> differ("gradient", expected.gradient(), gradient));
            if (problem.isPresent() || !Double.isFinite(loss)) {
                return problem;
            }
            return finiteDifferences(gradient, loss).or(() -> batch(expected)).or(() -> sgdStep(expected.gradient()));
        }

        /** backwardBatch on this example and two more against the interpreter's gradients, summed. */
        private Optional<String> batch(ReferenceModel.Values first) {
            double[][] inputs = {input, points(input.length), points(input.length)};
            double[][] targets = {target, points(target.length), points(target.length)};
            double loss = first.loss();
            double[] gradient = first.gradient().clone();
            for (int e = 1; e < inputs.length; e++) {
                ReferenceModel.Values values = reference.evaluate(inputs[e], targets[e], model.parameters().clone());
                loss += values.loss();
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += values.gradient()[i];
                }
            }
            model.zeroGradients();
            double batchLoss;
            try {
                batchLoss = (double) BatchedCalls.backwardBatch(model)
                        .invokeExact(concatenated(inputs), concatenated(targets), inputs.length);
            } catch (Throwable e) {
                return Optional.of("backwardBatch threw " + e);
            }
            return differ("loss from backwardBatch", loss, batchLoss)
                    .or(() -> differScaled("gradient from backwardBatch", gradient, model.gradients()));
        }

        /** One fused step against p - rate * (the interpreter's gradient); gradients() is left alone. */
        private Optional<String> sgdStep(double[] gradient) {
            double rate = 0.05;
            double[] parameters = model.parameters();
            double[] before = parameters.clone();
            double[] expected = before.clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] -= rate * gradient[i];
            }
            double[] gradientsBefore = model.gradients().clone();
            model.sgdStep(input, target, rate);
            double[] after = parameters.clone();
            System.arraycopy(before, 0, parameters, 0, before.length);
            return differScaled("parameters after sgdStep", expected, after)
                    .or(() -> Arrays.equals(gradientsBefore, model.gradients()) ? Optional.empty()
                            : Optional.of("sgdStep changed gradients()"));
        }

        private static double[] concatenated(double[][] rows) {
            return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
        }

        /**
         * Central differences on up to 40 parameters, constants left out; kinks met by chance are recognised and
         * skipped.
         */
        private Optional<String> finiteDifferences(double[] gradient, double loss) {
            int count = model.parameterCount();
            for (int k = 0; k < Math.min(count, 40); k++) {
                int i = count <= 40 ? k : random.nextInt(count);
                if (trainable(i) && !agreesAtSomeStep(i, gradient[i], loss) && isSmooth(i)) {
                    return Optional.of("parameter " + i + ": backward gives " + gradient[i]
                            + ", central differences " + central(i, 1e-6));
                }
            }
            return Optional.empty();
        }

        /** A const's gradient is zero by definition, whatever the loss's slope along it. */
        private boolean trainable(int i) {
            return model.parameterLayout().stream().filter(p -> i >= p.offset() && i < p.offset() + p.size())
                    .allMatch(dev.dslc.runtime.Parameter::trainable);
        }

        private boolean agreesAtSomeStep(int i, double analytic, double loss) {
            for (double step : new double[] {1e-6, 1e-4, 1e-7, 1e-3}) {
                double numeric = central(i, step);
                // relative error, plus a few ulps of the two losses divided by the step
                double h = step * Math.max(1, Math.abs(model.parameters()[i]));
                if (Math.abs(analytic - numeric) <= 1e-5 * Math.max(Math.abs(analytic), Math.abs(numeric))
                        + 4e-15 * Math.max(1e-3, Math.abs(loss)) / h) {
                    return true;
                }
            }
            return false;
        }

        /** Near a kink the one-sided differences disagree; there backward's convention is not a derivative. */
        private boolean isSmooth(int i) {
            double[] p = model.parameters();
            double original = p[i];
            double h = 1e-6 * Math.max(1, Math.abs(original));
            double here = model.loss(input, target);
            p[i] = original + h;
            double up = model.loss(input, target);
            p[i] = original - h;
            double down = model.loss(input, target);
            p[i] = original;
            double forward = (up - here) / h;
            double backward = (here - down) / h;
            return Math.abs(forward - backward) <= 1e-3 * Math.max(1e-6, Math.max(Math.abs(forward), Math.abs(backward)));
        }

        private double central(int i, double relativeStep) {
            double[] p = model.parameters();
            double original = p[i];
            double h = relativeStep * Math.max(1, Math.abs(original));
            p[i] = original + h;
            double up = model.loss(input, target);
            double stepUp = p[i];
            p[i] = original - h;
            double down = model.loss(input, target);
            double stepDown = p[i];
            p[i] = original;
            return (up - down) / (stepUp - stepDown);
        }

        private static Optional<String> differ(String what, double[] expected, double[] actual) {
            for (int i = 0; i < expected.length; i++) {
                Optional<String> problem = differ(what + "[" + i + "]", expected[i], actual[i]);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }

        /** Equal up to rounding relative to the largest finite element, which sums of many terms amplify. */
        private static Optional<String> differScaled(String what, double[] expected, double[] actual) {
            double scale = Arrays.stream(expected).filter(Double::isFinite).map(Math::abs).max().orElse(0.0);
            for (int i = 0; i < expected.length; i++) {
                if (!BatchedCalls.close(expected[i], actual[i], scale, 1e-9)
                        && !(Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                    return Optional.of(what + "[" + i + "]: interpreter " + expected[i] + ", class " + actual[i]);
                }
            }
            return Optional.empty();
        }

        /** Equal up to the rounding of a different summation order. */
        private static Optional<String> differ(String what, double expected, double actual) {
            boolean same = Double.compare(expected, actual) == 0 || (Double.isNaN(expected) && Double.isNaN(actual))
                    || Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
            return same ? Optional.empty() : Optional.of(what + ": interpreter " + expected + ", class " + actual);
        }

        /** Away from zero, where relu, abs and leaky_relu have their kinks. */
        private double point() {
            double magnitude = 0.05 + 0.95 * random.nextDouble();
            return random.nextBoolean() ? magnitude : -magnitude;
        }

        private double[] points(int length) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = point();
            }
            return values;
        }
    }
}
