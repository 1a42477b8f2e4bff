package dev.dslc.runtime;

/**
 * Examples for a {@link Trainer}: {@code inputs[i]} goes with {@code targets[i]}.
 * The outer arrays are copied; the rows are shared, not copied, so a large data
 * set is not held twice. Don't change them while training.
 *
 * <pre>{@code
 * Dataset xor = new Dataset(
 *         new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
 *         new double[][] {{0}, {1}, {1}, {0}});
 * }</pre>
 *
 * @param inputs  one row per example, each at least the model's input size
 * @param targets one row per example, each at least the model's target size
 */
public record Dataset(double[][] inputs, double[][] targets) {

    /**
     * Checks that the examples pair up, and copies the outer arrays.
     *
     * @param inputs  one row per example, each at least the model's input size
     * @param targets one row per example, each at least the model's target size
     * @throws IllegalArgumentException if an array or a row is null, or the counts differ
     */
    public Dataset {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException("inputs and targets must not be null");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(
                    inputs.length + " inputs but " + targets.length + " targets; they must pair up");
        }
        inputs = inputs.clone();
        targets = targets.clone();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || targets[i] == null) {
                throw new IllegalArgumentException("example " + i + " has a null input or target");
            }
        }
    }

    /** {@return the number of examples} */
    public int size() {
        return inputs.length;
    }

    /**
     * {@return the input of example {@code i} (the live row, not a copy)}
     *
     * @param i from 0 to {@code size() - 1}
     */
    public double[] input(int i) {
        return inputs[i];
    }

    /**
     * {@return the target of example {@code i} (the live row, not a copy)}
     *
     * @param i from 0 to {@code size() - 1}
     */
    public double[] target(int i) {
        return targets[i];
    }

    /** {@return a copy of the outer array; the rows are the live ones} */
    @Override
    public double[][] inputs() {
        return inputs.clone();
    }

    /** {@return a copy of the outer array; the rows are the live ones} */
    @Override
    public double[][] targets() {
        return targets.clone();
    }

    /** Throws naming the first example whose rows are too short for {@code model}. */
    void requireFits(Model model) {
        for (int i = 0; i < inputs.length; i++) {
            // the message names the example, so build it only for a row that is too short
            if (inputs[i].length < model.inputSize()) {
                Lengths.require(inputs[i], model.inputSize(), "input " + i);
            }
            if (targets[i].length < model.targetSize()) {
                Lengths.require(targets[i], model.targetSize(), "target " + i);
            }
        }
    }
}
