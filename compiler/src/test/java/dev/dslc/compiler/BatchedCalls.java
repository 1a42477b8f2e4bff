package dev.dslc.compiler;

import dev.dslc.runtime.Model;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Random;

/**
 * Calls a generated class's {@code backwardBatch}, which the {@link Model}
 * interface does not have, and compares it with {@code backward} called on
 * each example in turn.
 *
 * <pre>{@code
 * String problem = BatchedCalls.disagreement(model, 37, 5L, 1e-12);   // null when they agree
 * double loss = (double) BatchedCalls.backwardBatch(model).invokeExact(inputs, targets, count);
 * }</pre>
 */
public final class BatchedCalls {

    private BatchedCalls() {
    }

    /** The model's backwardBatch, as a handle of type (double[], double[], int) double. */
    public static MethodHandle backwardBatch(Model model) throws ReflectiveOperationException {
        return MethodHandles.publicLookup()
                .findVirtual(model.getClass(), "backwardBatch",
                        MethodType.methodType(double.class, double[].class, double[].class, int.class))
                .bindTo(model);
    }

    /**
     * For {@code count} random examples, backwardBatch against backward on
     * each summed, from zeroed gradients: null when loss and every gradient
     * agree to {@code tolerance} relative to the largest of them, else what
     * differs. Non-finite values must be the same.
     */
    public static String disagreement(Model model, int count, long seed, double tolerance) throws Throwable {
        Random random = new Random(seed);
        int in = model.inputSize();
        int out = model.targetSize();
        double[] inputs = random.doubles((long) count * in, -1, 1).toArray();
        double[] targets = random.doubles((long) count * out, 0, 1).toArray();
        model.zeroGradients();
        double expectedLoss = 0.0;
        for (int e = 0; e < count; e++) {
            expectedLoss += model.backward(Arrays.copyOfRange(inputs, e * in, (e + 1) * in),
                    Arrays.copyOfRange(targets, e * out, (e + 1) * out));
        }
        double[] expected = model.gradients().clone();
        model.zeroGradients();
        double loss = (double) backwardBatch(model).invokeExact(inputs, targets, count);
        double[] actual = model.gradients();

        if (!close(expectedLoss, loss, Math.abs(expectedLoss), tolerance)) {
            return "loss of " + count + " examples is " + loss + ", backward on each summed " + expectedLoss;
        }
        double scale = Arrays.stream(expected).filter(Double::isFinite).map(Math::abs).max().orElse(0.0);
        for (int p = 0; p < expected.length; p++) {
            if (!close(expected[p], actual[p], scale, tolerance)) {
                return "gradient " + p + " of " + count + " examples is " + actual[p]
                        + ", backward on each summed " + expected[p];
            }
        }
        return null;
    }

    /** Within tolerance times max(1, scale), or the same non-finite value. */
    static boolean close(double expected, double actual, double scale, double tolerance) {
        if (!Double.isFinite(expected)) {
            return Double.compare(expected, actual) == 0;
        }
        return Math.abs(expected - actual) <= tolerance * Math.max(1.0, scale);
    }
}
