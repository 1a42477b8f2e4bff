package dev.dslc.runtime;

/**
 * Whether one prediction counts as right, by the rule {@link Trainer}
 * documents: one output is right on the target's side of 0.5; several are
 * right when the largest is where the target's largest element is.
 *
 * <pre>{@code
 * model.forward(input, output);
 * boolean right = Accuracy.isCorrect(output, output.length, target, model.targetSize());
 * }</pre>
 */
public final class Accuracy {

    private Accuracy() {
    }

    /** Whether the first {@code outputSize} outputs predict the first {@code targetSize} elements of the target. */
    public static boolean isCorrect(double[] output, int outputSize, double[] target, int targetSize) {
        if (outputSize == 1) {
            return output[0] > 0.5 == target[0] > 0.5;
        }
        return largestAt(output, outputSize) == largestAt(target, targetSize);
    }

    /** The index of the first largest element; ties go to the earliest, as in NumPy's argmax. */
    private static int largestAt(double[] values, int size) {
        int best = 0;
        for (int i = 1; i < size; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
