package dev.dslc.compiler;

import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.Random;

/**
 * Compares a generated class's fused {@code sgdStep} with what it stands
 * for: {@code backward} into zeroed gradients, then
 * {@code p -= learningRate * g}.
 *
 * <pre>{@code
 * String problem = SgdSteps.disagreement(model, 3, 5L, 1e-12);   // null when they agree
 * }</pre>
 */
public final class SgdSteps {
    private static final double LEARNING_RATE = 0.05;

    private SgdSteps() {
    }

    /**
     * Takes {@code steps} steps on random examples both ways from the same
     * parameters: null when every loss and every parameter after each step
     * agree to {@code tolerance} relative to the largest parameter and
     * {@code gradients()} stays zero through the fused steps, else what differs.
     */
    public static String disagreement(Model model, int steps, long seed, double tolerance) {
        Random random = new Random(seed);
        double[] start = model.parameters().clone();
        double[][] inputs = new double[steps][];
        double[][] targets = new double[steps][];
        for (int s = 0; s < steps; s++) {
            inputs[s] = random.doubles(model.inputSize(), -1, 1).toArray();
            targets[s] = random.doubles(model.targetSize(), 0, 1).toArray();
        }
        double[] expectedLosses = new double[steps];
        double[][] expected = new double[steps][];
        model.zeroGradients();
        for (int s = 0; s < steps; s++) {
            expectedLosses[s] = model.backward(inputs[s], targets[s]);
            double[] p = model.parameters();
            double[] g = model.gradients();
            for (int i = 0; i < p.length; i++) {
                p[i] -= LEARNING_RATE * g[i];
            }
            model.zeroGradients();
            expected[s] = p.clone();
        }
        System.arraycopy(start, 0, model.parameters(), 0, start.length);
        for (int s = 0; s < steps; s++) {
            double loss = model.sgdStep(inputs[s], targets[s], LEARNING_RATE);
            double[] actual = model.parameters();
            if (!BatchedCalls.close(expectedLosses[s], loss, Math.abs(expectedLosses[s]), tolerance)) {
                return "step " + s + ": loss " + loss + ", backward gave " + expectedLosses[s];
            }
            double scale = Arrays.stream(expected[s]).filter(Double::isFinite).map(Math::abs).max().orElse(0.0);
            for (int i = 0; i < actual.length; i++) {
                if (!BatchedCalls.close(expected[s][i], actual[i], scale, tolerance)) {
                    return "step " + s + ": parameter " + i + " is " + actual[i] + ", backward and update gave "
                            + expected[s][i];
                }
            }
            if (Arrays.stream(model.gradients()).anyMatch(g -> g != 0.0)) {
                return "step " + s + ": gradients() is no longer zero";
            }
        }
        return null;
    }
}
