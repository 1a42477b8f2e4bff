package dev.dslc.runtime;

import java.util.Arrays;
import java.util.Random;

/**
 * The one seeded shuffle behind {@link Trainer}'s held-out split and epochs
 * (through {@link ExampleOrder}, which dslc-spark uses too) and
 * {@link Dataset#split} and {@link Dataset#shuffle}: the same seed gives the same
 * order, and the same examples held out, in all of them.
 */
final class Shuffle {

    private Shuffle() {
    }

    /**
     * Indices into a data set, in training order and held-out order.
     *
     * @param training the first part of a permutation
     * @param heldOut  the rest: its last {@code round(fraction * size)} indices
     */
    record Parts(int[] training, int[] heldOut) {
    }

    /** {@code 0 .. size - 1} in order. */
    static int[] identity(int size) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        return indices;
    }

    /** {@code 0 .. size - 1} in an order drawn from {@code random}. */
    static int[] permutation(int size, Random random) {
        return inPlace(identity(size), random);
    }

    /** Fisher-Yates, in place; returns {@code indices}. */
    static int[] inPlace(int[] indices, Random random) {
        for (int i = indices.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }

    /** A permutation of {@code 0 .. size - 1} cut so that the last {@code round(heldOutFraction * size)} are held out. */
    static Parts split(int size, double heldOutFraction, Random random) {
        int[] all = permutation(size, random);
        int heldOutCount = (int) Math.round(heldOutFraction * size);
        return new Parts(Arrays.copyOfRange(all, 0, size - heldOutCount), Arrays.copyOfRange(all, size - heldOutCount, size));
    }
}
