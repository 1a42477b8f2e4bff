package dev.dslc.runtime;

import java.util.Arrays;
import java.util.Random;

/**
 * Which examples a training run holds out, and the order it visits the others
 * in each epoch: one seeded generator shuffles all example indices once to
 * choose the held-out ones (the last {@code round(fraction * size)}), then
 * reshuffles the training ones before every epoch. {@link Trainer} and
 * dslc-spark both take their order from here, so the same seed means the same
 * split and the same mini-batches on one core, on many, and on a cluster.
 *
 * <pre>{@code
 * ExampleOrder order = new ExampleOrder(data.size(), 0.2, 42L);
 * int[] heldOut = order.heldOut();
 * for (int epoch = 1; epoch <= epochs; epoch++) {
 *     int[] visit = order.nextEpoch();   // batch k is visit[k * batch] up to visit[(k + 1) * batch - 1]
 * }
 * }</pre>
 */
public final class ExampleOrder {
    private final Random random;
    private final int[] training;
    private final int[] heldOut;

    /**
     * Holds out {@code round(heldOutFraction * size)} of {@code size} examples.
     *
     * @throws IllegalArgumentException when none would be left to train on
     */
    public ExampleOrder(int size, double heldOutFraction, long seed) {
        this(size, heldOutFraction, -1, seed);
    }

    /** Trains on all {@code size} examples; a separate held-out set of {@code heldOutSize} is visited in order. */
    public static ExampleOrder withSeparateHeldOut(int size, int heldOutSize, long seed) {
        return new ExampleOrder(size, 0.0, heldOutSize, seed);
    }

    private ExampleOrder(int size, double heldOutFraction, int separateHeldOut, long seed) {
        this.random = new Random(seed);
        int[] all = shuffle(identity(size));
        int heldOutCount = (int) Math.round(heldOutFraction * all.length);
        if (all.length - heldOutCount <= 0) {
            throw new IllegalArgumentException("no training examples: " + all.length + " examples, "
                    + heldOutCount + " held out");
        }
        this.training = Arrays.copyOfRange(all, 0, all.length - heldOutCount);
        this.heldOut = separateHeldOut >= 0 ? identity(separateHeldOut)
                : Arrays.copyOfRange(all, all.length - heldOutCount, all.length);
    }

    /** How many examples are trained on in each epoch. */
    public int trainingCount() {
        return training.length;
    }

    /** The held-out examples' indices. */
    public int[] heldOut() {
        return heldOut.clone();
    }

    /** Shuffles the training examples for the next epoch; returns them in the order to visit. */
    public int[] nextEpoch() {
        return shuffleTraining().clone();
    }

    /** {@link #nextEpoch} without the copy, for a caller that allocates nothing per epoch. */
    int[] shuffleTraining() {
        return shuffle(training);
    }

    /** The training indices themselves, in the order of the last shuffle; {@link #shuffleTraining} reorders them. */
    int[] trainingIndices() {
        return training;
    }

    /** The held-out indices themselves, not a copy. */
    int[] heldOutIndices() {
        return heldOut;
    }

    private static int[] identity(int size) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** Fisher-Yates in place, from the run's seeded generator. */
    private int[] shuffle(int[] indices) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }
}
