package dev.dslc.spark;

import java.io.Serializable;

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
}
