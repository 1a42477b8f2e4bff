package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Model;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models far past dslc 0.1's ceiling of 5,000 operations (issue 13): long
 * chains and a recurrence written out step by step compile, their classes
 * compile with javac (in-process), and they compute what the IR interpreter
 * computes, through every per-example entry point and backwardBatch.
 */
class LargeModelTest {

    @Test
    void chainOf1000Steps_matchesTheInterpreter() throws Throwable {
        String source = chain(1_000, false);

        Model model = TestModels.load(source);

        assertMatchesTheInterpreter(source, model, 1e-12);
    }

    @Test
    void chainOf5000StepsWithABias_about50000Operations_matchesTheInterpreter() throws Throwable {
        String source = chain(5_000, true);
        ReferenceModel reference = ReferenceModel.of(source);
        long operations = reference.nodes().stream().filter(n -> !n.inputs().isEmpty()).count();

        Model model = TestModels.load(source);

        assertTrue(operations >= 50_000, operations + " operations with the derivative");
        assertMatchesTheInterpreter(source, model, 1e-12);
    }

    @Test
    void largeModels_haveEveryMethodUnder8000BytesOfBytecode() {
        for (String source : java.util.List.of(chain(5_000, true), recurrence(64, 8, 1_000))) {
            java.util.Map<String, Integer> tooBig = new java.util.TreeMap<>();
            dev.dslc.compiler.load.ModelLoader.compile(TestModels.generate("large.nn", source)).forEach((name, bytes) ->
                    ClassFileMethods.codeLengths(bytes).forEach((method, length) -> {
                        if (length >= 8_000) {
                            tooBig.put(method, length);
                        }
                    }));

            assertEquals(java.util.Map.of(), tooBig, source.substring(0, 20));
        }
    }

    @Test
    void recurrenceOf1000Steps_matchesTheInterpreter_andFiniteDifferences() throws Throwable {
        String source = recurrence(64, 8, 1_000);
        Model model = TestModels.load(source);
        Random random = new Random(13);
        double[] input = random.doubles(model.inputSize(), -1, 1).toArray();
        double[] target = {0.25};

        assertMatchesTheInterpreter(source, model, 1e-9);
        model.zeroGradients();
        model.backward(input, target);
        double[] gradient = model.gradients().clone();
        double loss = model.loss(input, target);
        for (int n = 0; n < 40; n++) {
            int i = random.nextInt(model.parameterCount());
            double numeric = central(model, input, target, i);
            double tolerance = 1e-6 * Math.max(Math.abs(gradient[i]), Math.abs(numeric)) + 1e-10 * Math.max(1, loss);
            assertEquals(numeric, gradient[i], tolerance, "parameter " + i);
        }
    }

    /** Loss, output, gradient, the fused step and backwardBatch against the interpreter at two random points. */
    private static void assertMatchesTheInterpreter(String source, Model model, double tolerance) throws Throwable {
        ReferenceModel reference = ReferenceModel.of(source);
        Random random = new Random(source.length());
        double[] inputs = random.doubles(2L * model.inputSize(), -1, 1).toArray();
        double[] targets = random.doubles(2L * model.targetSize(), -1, 1).toArray();
        double[] summed = new double[model.parameterCount()];
        double summedLoss = 0;
        for (int example = 0; example < 2; example++) {
            double[] input = java.util.Arrays.copyOfRange(inputs, example * model.inputSize(), (example + 1) * model.inputSize());
            double[] target = java.util.Arrays.copyOfRange(targets, example * model.targetSize(),
                    (example + 1) * model.targetSize());
            ReferenceModel.Values expected = reference.evaluate(input, target, model.parameters());
            double[] output = new double[model.outputSize()];
            model.forward(input, output);
            model.zeroGradients();
            double loss = model.backward(input, target);

            assertEquals(expected.loss(), model.loss(input, target), tolerance * Math.max(1, Math.abs(expected.loss())));
            assertEquals(expected.loss(), loss, tolerance * Math.max(1, Math.abs(expected.loss())));
            assertArrayEquals(expected.output(), output, tolerance, "output");
            assertArrayEquals(expected.gradient(), model.gradients(), tolerance, "gradient");
            for (int i = 0; i < summed.length; i++) {
                summed[i] += model.gradients()[i];
            }
            summedLoss += loss;
        }
        model.zeroGradients();
        double batchLoss = (double) BatchedCalls.backwardBatch(model).invokeExact(inputs, targets, 2);
        assertEquals(summedLoss, batchLoss, 1e-12 * Math.max(1, Math.abs(summedLoss)));
        assertArrayEquals(summed, model.gradients(), tolerance, "backwardBatch");

        double[] before = model.parameters().clone();
        double[] input = java.util.Arrays.copyOf(inputs, model.inputSize());
        double[] target = java.util.Arrays.copyOf(targets, model.targetSize());
        model.zeroGradients();
        model.backward(input, target);
        double[] gradient = model.gradients().clone();
        model.sgdStep(input, target, 0.01);
        for (int i = 0; i < before.length; i++) {
            // a weight's step is its gradient's terms scaled one by one: the same to within rounding
            double expected = before[i] - 0.01 * gradient[i];
            assertEquals(expected, model.parameters()[i], 1e-12 * Math.max(1, Math.abs(expected)), "sgdStep, parameter " + i);
        }
        System.arraycopy(before, 0, model.parameters(), 0, before.length);
    }

    private static void assertArrayEquals(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " " + i);
        }
    }

    private static double central(Model model, double[] input, double[] target, int i) {
        double[] p = model.parameters();
        double original = p[i];
        double h = 1e-6 * Math.max(1, Math.abs(original));
        p[i] = original + h;
        double up = model.loss(input, target);
        p[i] = original - h;
        double down = model.loss(input, target);
        p[i] = original;
        return (up - down) / (2 * h);
    }

    /** h_i = tanh(h_{i-1} * w) (+ b), from an input of one element. */
    static String chain(int steps, boolean bias) {
        StringBuilder source = new StringBuilder("model Chain").append(steps)
                .append("\ninput x[1]\ntarget y[1]\nparam w[1] = 0.9\n");
        if (bias) {
            source.append("param b[1] = 0.1\n");
        }
        String previous = "x";
        for (int i = 1; i <= steps; i++) {
            source.append('h').append(i).append(" = tanh(").append(previous).append(" * w").append(bias ? " + b" : "")
                    .append(")\n");
            previous = "h" + i;
        }
        return source.append("output ").append(previous).append("\nloss mse(").append(previous).append(", y)\n").toString();
    }

    /** h_t = tanh(W @ h_{t-1} + U @ x[t] + b) over the rows of x, then a linear read-out. */
    static String recurrence(int units, int features, int steps) {
        StringBuilder source = new StringBuilder("model Recurrence\ninput x[").append(steps).append(", ").append(features)
                .append("]\ntarget y[1]\nparam W[").append(units).append(", ").append(units).append("] ~ normal(0, ")
                .append(1.0 / Math.sqrt(units)).append(")\nparam U[").append(units).append(", ").append(features)
                .append("] ~ xavier\nparam b[").append(units).append("] = 0.01\nparam v[1, ").append(units)
                .append("] ~ xavier\nh1 = tanh(U @ x[0] + b)\n");
        for (int t = 2; t <= steps; t++) {
            source.append('h').append(t).append(" = tanh(W @ h").append(t - 1).append(" + U @ x[").append(t - 1)
                    .append("] + b)\n");
        }
        return source.append("z = v @ h").append(steps).append("\noutput z\nloss mse(z, y)\n").toString();
    }
}
