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

    /**
     * {@return whether the first {@code outputSize} outputs predict the first {@code targetSize} elements of the
     * target}; never, for a model without targets: there is no class to be right about.
     *
     * @param output     the model's output
     * @param outputSize how many outputs the model has
     * @param target     the example's target
     * @param targetSize how many targets the model has
     */
    public static boolean isCorrect(double[] output, int outputSize, double[] target, int targetSize) {
        return applies(targetSize) && predictedClass(output, outputSize) == actualClass(target, outputSize, targetSize);
    }

    /** Whether accuracy means anything for a model with {@code targetSize} targets. */
    static boolean applies(int targetSize) {
        return targetSize > 0;
    }

    /** With one output, 1 above 0.5 and 0 otherwise; with several, the index of the largest. */
    static int predictedClass(double[] output, int outputSize) {
        return outputSize == 1 ? aboveOneHalf(output[0]) : largestAt(output, outputSize);
    }

    /** The target's class, read the way the model's output is: by its first element when there is one output. */
    static int actualClass(double[] target, int outputSize, int targetSize) {
        return outputSize == 1 ? aboveOneHalf(target[0]) : largestAt(target, targetSize);
    }

    /** How many classes the rule can give: two for one output, else one per element. */
    static int classes(int outputSize, int targetSize) {
        return outputSize == 1 ? 2 : Math.max(outputSize, targetSize);
    }

    private static int aboveOneHalf(double value) {
        return value > 0.5 ? 1 : 0;
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
