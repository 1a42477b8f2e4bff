package dev.dslc.runtime;

import java.util.Arrays;
import java.util.Random;

/**
 * Examples for a {@link Trainer}: {@code inputs[i]} goes with {@code targets[i]}.
 * The outer arrays are copied; the rows are shared, not copied, so a large data
 * set is not held twice. Don't change them while training. {@link #split},
 * {@link #shuffle} and {@link #subset} make new data sets that share the rows
 * in the same way.
 *
 * <pre>{@code
 * Dataset xor = new Dataset(
 *         new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
 *         new double[][] {{0}, {1}, {1}, {0}});
 * Dataset.Split parts = CsvFile.read(Path.of("churn.csv"), model).split(0.2, 42L);
 * trainer.train(model, parts.train());
 * Evaluation test = Evaluation.of(model, parts.test());
 * }</pre>
 *
 * @param inputs  one row per example, each at least the model's input size
 * @param targets one row per example, each at least the model's target size
 */
public record Dataset(double[][] inputs, double[][] targets) {

    /**
     * Pairs {@code inputs[i]} with {@code targets[i]}.
     *
     * @param inputs  one row per example
     * @param targets one row per example
     * @throws IllegalArgumentException if either is null, they differ in length, or a row is null
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

    /**
     * The number of examples.
     *
     * @return the number of examples
     */
    public int size() {
        return inputs.length;
    }

    /**
     * The input of example {@code i} (the live row, not a copy).
     *
     * @param i the example, from 0
     * @return its input row
     */
    public double[] input(int i) {
        return inputs[i];
    }

    /**
     * The target of example {@code i} (the live row, not a copy).
     *
     * @param i the example, from 0
     * @return its target row
     */
    public double[] target(int i) {
        return targets[i];
    }

    /**
     * The inputs, one row per example: a new outer array holding the live rows.
     *
     * @return the input rows
     */
    @Override
    public double[][] inputs() {
        return inputs.clone();
    }

    /**
     * The targets, one row per example: a new outer array holding the live rows.
     *
     * @return the target rows
     */
    @Override
    public double[][] targets() {
        return targets.clone();
    }

    /**
     * A data set cut in two at random: {@code test} holds {@code round(testFraction * size())}
     * examples and {@code train} the rest, each in a seeded random order. It holds out the very
     * examples that {@link Trainer} holds out with {@code heldOutFraction(testFraction)} and
     * {@code seed(seed)}, in the same order.
     *
     * <pre>{@code
     * Dataset.Split parts = data.split(0.2, 42L);   // 80% to train on, 20% to test with
     * }</pre>
     *
     * @param testFraction in [0, 1]
     * @param seed         seeds the random order
     * @return the two parts, which share this data set's rows
     * @throws IllegalArgumentException if {@code testFraction} is outside [0, 1] or NaN
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction >= 0.0 && testFraction <= 1.0)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1], was " + testFraction);
        }
        Shuffle.Parts parts = Shuffle.split(size(), testFraction, new Random(seed));
        return new Split(subset(parts.training()), subset(parts.heldOut()));
    }

    /**
     * The same examples in a random order drawn from {@code seed}; the same seed gives the same order.
     *
     * <pre>{@code
     * Dataset shuffled = data.shuffle(7L);
     * }</pre>
     *
     * @param seed seeds the order
     * @return a data set sharing this one's rows
     */
    public Dataset shuffle(long seed) {
        return subset(Shuffle.permutation(size(), new Random(seed)));
    }

    /**
     * Examples {@code from} (inclusive) to {@code to} (exclusive), as {@link java.util.List#subList} takes them.
     *
     * <pre>{@code
     * Dataset firstHundred = data.subset(0, 100);
     * }</pre>
     *
     * @param from the first example taken
     * @param to   one past the last example taken
     * @return a data set sharing this one's rows
     * @throws IllegalArgumentException if the range is not within the examples
     */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is not within the "
                    + size() + " examples");
        }
        return new Dataset(Arrays.copyOfRange(inputs, from, to), Arrays.copyOfRange(targets, from, to));
    }

    /**
     * The examples at {@code indices}, in that order; an index may appear more than once
     * (sampling with replacement), as in PyTorch's {@code Subset}.
     *
     * <pre>{@code
     * Dataset some = data.subset(new int[] {4, 0, 4});   // example 4, example 0, example 4 again
     * }</pre>
     *
     * @param indices the examples to take, in order
     * @return a data set sharing this one's rows
     * @throws IllegalArgumentException naming the first index that is out of range
     */
    public Dataset subset(int[] indices) {
        double[][] someInputs = new double[indices.length][];
        double[][] someTargets = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= size()) {
                throw new IllegalArgumentException("index " + index + " (at position " + i
                        + ") is out of range: there are " + size() + " examples");
            }
            someInputs[i] = inputs[index];
            someTargets[i] = targets[index];
        }
        return new Dataset(someInputs, someTargets);
    }

    /**
     * A data set cut in two by {@link Dataset#split}.
     *
     * @param train the examples to train on
     * @param test  the examples kept out of training, to measure the model on
     */
    public record Split(Dataset train, Dataset test) {
    }

    /** Throws naming the first example whose rows are too short for {@code model}. */
    void requireFits(Model model) {
        Lengths.requireRows(inputs, model.inputSize(), "input");
        Lengths.requireRows(targets, model.targetSize(), "target");
    }
}
