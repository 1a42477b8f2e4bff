package dev.dslc.spark;

import java.io.Serializable;
import scala.runtime.AbstractFunction2;

/**
 * What one partition sends back for one iteration, and what
 * {@code treeAggregate} adds up: the summed gradient (null when the pass only
 * evaluates, or saw no example), the summed loss, how many examples and how
 * many predicted right, or the first problem met, as a message.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;
    double[] gradient;
    double loss;
    long count;
    long correct;
    String error;

    /**
     * {@link #add} as the function {@code treeAggregate} takes, both to add a partition's sum in and to combine
     * sums: a class, not a method reference, for the reason {@link PartitionPass} gives.
     */
    static final Add ADD = new Add();

    static GradientSum failure(String error) {
        GradientSum sum = new GradientSum();
        sum.error = error;
        return sum;
    }

    /** Adds {@code other} into this one and returns this (Spark allows an aggregate to reuse its first argument). */
    GradientSum add(GradientSum other) {
        if (error == null) {
            error = other.error;
        }
        if (other.gradient != null) {
            if (gradient == null) {
                gradient = other.gradient;
            } else {
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += other.gradient[i];
                }
            }
        }
        loss += other.loss;
        count += other.count;
        correct += other.correct;
        return this;
    }

    /** See {@link #ADD}. */
    static final class Add extends AbstractFunction2<GradientSum, GradientSum, GradientSum> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public GradientSum apply(GradientSum sum, GradientSum other) {
            return sum.add(other);
        }
    }
}
