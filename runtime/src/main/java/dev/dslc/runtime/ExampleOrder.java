package dev.dslc.runtime;

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
     * @param size            how many examples there are
     * @param heldOutFraction the share held out, in [0, 1)
     * @param seed            seeds the split and every epoch's shuffle
     * @throws IllegalArgumentException when none would be left to train on
     */
    public ExampleOrder(int size, double heldOutFraction, long seed) {
        this.random = new Random(seed);
        // the split Dataset.split makes with the same fraction and seed: one shuffle, the last part held out
        Shuffle.Parts parts = Shuffle.split(size, heldOutFraction, random);
        if (parts.training().length == 0) {
            throw new IllegalArgumentException("no training examples: " + size + " examples, "
                    + parts.heldOut().length + " held out");
        }
        this.training = parts.training();
        this.heldOut = parts.heldOut();
    }

    /** {@return how many examples are trained on in each epoch} */
    public int trainingCount() {
        return training.length;
    }

    /** {@return the held-out examples' indices} */
    public int[] heldOut() {
        return heldOut.clone();
    }

    /** {@return the training examples in the order to visit}, shuffled for the next epoch */
    public int[] nextEpoch() {
        return shuffleTraining().clone();
    }

    /** {@link #nextEpoch} without the copy, for a caller that allocates nothing per epoch. */
    int[] shuffleTraining() {
        return Shuffle.inPlace(training, random);
    }

    /** The training indices themselves, in the order of the last shuffle; {@link #shuffleTraining} reorders them. */
    int[] trainingIndices() {
        return training;
    }

    /** The held-out indices themselves, not a copy. */
    int[] heldOutIndices() {
        return heldOut;
    }

}
