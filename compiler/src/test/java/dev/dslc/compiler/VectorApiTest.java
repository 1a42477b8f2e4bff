package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opt-in Vector API mode ({@code --vector-api}, docs/vector-api.md)
 * computes what plain Java computes: the same class in both modes, from the
 * same seed, gives the same outputs, losses, gradients and fused steps, to
 * 1e-12 relative to the largest value (its sums run in another order). And
 * without the option nothing refers to the incubating module. (The test JVM
 * runs with {@code --add-modules jdk.incubator.vector}; see compiler/pom.xml.)
 */
class VectorApiTest {
    private static final double TOLERANCE = 1e-12;
    private static final EmitOptions VECTOR = new EmitOptions(true);
    /** For counting the loss gradient's vector kernels: without the entry points beyond it, which have their own. */
    private static final EmitOptions VECTOR_GRADIENT_ONLY = VECTOR.withDerivatives(EmitOptions.DerivativeEntryPoints.NONE);

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("xor.nn", TestModels.sampleSource("xor.nn")),
                Arguments.of("digits.nn", TestModels.sampleSource("digits.nn")),
                Arguments.of("mnist.nn", TestModels.sampleSource("mnist.nn")),
                Arguments.of("64-32-10 relu", ModelSources.twoLayer(64, 32, 10, "relu")),
                // Rows left over after groups of four, and columns after whole vectors.
                Arguments.of("70-37-10 tanh", ModelSources.twoLayer(70, 37, 10, "tanh")),
                Arguments.of("784-128-10 relu", ModelSources.twoLayer(784, 128, 10, "relu")),
                // Sums down the columns of W (x @ W, W' @ v): row sums, which stay scalar loops.
                Arguments.of("x @ W and W' @ h", """
                        input  x[40]
                        target y[30]
                        param  W[40, 24] ~ xavier
                        param  V[30, 24] ~ xavier
                        h = tanh(x @ W)
                        z = V @ h
                        output z
                        loss   sum((V' @ z - h) * (V' @ z - h)) + sum((z - y) * (z - y))
                        """),
                // A second input (its dot products start at an offset of 20 in the input array), x2 @ U'
                // (a dot product per row of U), and a target that a product reads.
                Arguments.of("two inputs, x2 @ U', T @ y", """
                        input  x1[20]
                        input  x2[35]
                        target y[18]
                        param  W[12, 20] ~ xavier
                        param  U[12, 35] ~ xavier
                        param  T[12, 18] ~ xavier
                        z = tanh(W @ x1 + x2 @ U')
                        output z
                        loss   sum((z - T @ y) * (z - T @ y))
                        """),
                // Constants read in vector loops, and a fixed mask multiplying a weight matrix that is stepped.
                Arguments.of("constants: standardised input, masked weights", """
                        input  x[70]
                        target y[10]
                        const  mu[70] ~ uniform(-1, 1)
                        const  sigma[70] ~ uniform(0.5, 2)
                        const  mask[24, 70] ~ uniform(0, 1)
                        param  W[24, 70] ~ xavier
                        param  V[10, 24] ~ xavier
                        h = tanh((W * mask) @ ((x - mu) / sigma))
                        z = V @ h
                        output softmax(z)
                        loss   softmax_cross_entropy(z, y)
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void vectorClass_computesWhatThePlainClassComputes(String name, String source) throws Throwable {
        Model plain = instantiate(TestModels.generate("model.nn", source), 3L);
        Model vector = instantiate(generate(source, VECTOR), 3L);

        assertNull(disagreement(plain, vector, 5L, TOLERANCE));
        assertNull(SgdSteps.disagreement(vector, 3, 9L, TOLERANCE), "sgdStep against backward then update");
        assertNull(BatchedCalls.disagreement(vector, 11, 13L, TOLERANCE), "backwardBatch against backward");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void plainClass_neverRefersToTheIncubatingModule(String name, String source) {
        GeneratedClass plain = TestModels.generate("model.nn", source);

        assertFalse(plain.usesVectorApi());
        assertFalse(plain.source().contains("jdk.incubator"), "the plain class mentions jdk.incubator");
    }

    @Test
    void denseLayers_areVectorLoops_andNoGradientRowIsWrittenOut() {
        String source = generate(ModelSources.twoLayer(784, 128, 10, "relu"), VECTOR_GRADIENT_ONLY).source();

        // W1 @ x (32 groups of four rows) and W2 @ h (two groups, then two rows), written once in the forward
        // pass that forward, loss and the body behind backward and sgdStep share: each a loop that loads x
        // once for the rows it sums.
        assertEquals(3, count(source, "DoubleVector xl = DoubleVector.fromArray(SPECIES, "), source);
        // dW1 and dW2 into the destination (the gradients, or the parameters): one loop per layer each.
        assertEquals(2, count(source, "DoubleVector.fromArray(SPECIES, dest, "), source);
        String perExample = source.substring(0, source.indexOf(" backwardBatch("));
        assertFalse(perExample.contains("arraycopy(dest") || perExample.contains("arraycopy(grad"),
                "a gradient row went through the row buffer");
        assertFalse(source.contains("W1_OFFSET + 784 + j"), "a gradient row was written out");
    }

    @Test
    void randomModels_vectorAndPlainClassesAgree() throws Throwable {
        List<GeneratedClass> classes = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            String source = ModelGenerator.generate(seed, "Plain" + seed);
            sources.add(source);
            classes.add(TestModels.generate("random.nn", source));
            classes.add(generate(ModelGenerator.generate(seed, "Vector" + seed), VECTOR));
        }
        Map<String, Class<? extends Model>> loaded = ModelLoader.loadAll(classes);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Model plain = loaded.get(classes.get(2 * i).qualifiedName()).getConstructor(long.class).newInstance(i + 1L);
            Model vector = loaded.get(classes.get(2 * i + 1).qualifiedName()).getConstructor(long.class).newInstance(i + 1L);
            // Random models can amplify rounding (see BatchedDifferentialTest).
            String problem = disagreement(plain, vector, i, 1e-9);
            if (problem != null) {
                failures.add("seed " + (i + 1) + ": " + problem + "\n" + sources.get(i));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    /**
     * Null when the two models, starting from the same parameters, agree on
     * forward, backward's loss and gradients, and three fused steps; else
     * what differs.
     */
    private static String disagreement(Model plain, Model vector, long seed, double tolerance) {
        if (!Arrays.equals(plain.parameters(), vector.parameters())) {
            return "the two classes start from different parameters";
        }
        Random random = new Random(seed);
        for (int step = 0; step < 3; step++) {
            double[] input = random.doubles(plain.inputSize(), -1, 1).toArray();
            double[] target = random.doubles(plain.targetSize(), 0, 1).toArray();
            double[] expected = new double[plain.outputSize()];
            double[] actual = new double[vector.outputSize()];
            plain.forward(input, expected);
            vector.forward(input, actual);
            String problem = differs("output", expected, actual, tolerance);
            if (problem == null) {
                plain.zeroGradients();
                vector.zeroGradients();
                problem = differs("loss", new double[] {plain.backward(input, target)},
                        new double[] {vector.backward(input, target)}, tolerance);
            }
            if (problem == null) {
                problem = differs("gradient", plain.gradients(), vector.gradients(), tolerance);
            }
            if (problem == null) {
                problem = differs("sgdStep's loss", new double[] {plain.sgdStep(input, target, 0.05)},
                        new double[] {vector.sgdStep(input, target, 0.05)}, tolerance);
            }
            if (problem == null) {
                problem = differs("parameter after sgdStep", plain.parameters(), vector.parameters(), tolerance);
            }
            if (problem != null) {
                return "step " + step + ": " + problem;
            }
        }
        return null;
    }

    private static String differs(String what, double[] expected, double[] actual, double tolerance) {
        double scale = Arrays.stream(expected).filter(Double::isFinite).map(Math::abs).max().orElse(0.0);
        for (int i = 0; i < expected.length; i++) {
            if (!BatchedCalls.close(expected[i], actual[i], scale, tolerance)) {
                return what + " " + i + " is " + actual[i] + " with the Vector API, " + expected[i] + " without";
            }
        }
        return null;
    }

    private static GeneratedClass generate(String source, EmitOptions options) {
        return TestModels.generate("model.nn", source, options);
    }

    private static Model instantiate(GeneratedClass generated, long seed) throws ReflectiveOperationException {
        return ModelLoader.load(generated).getConstructor(long.class).newInstance(seed);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
