package dev.dslc.runtime;

import java.util.Arrays;

/**
 * L-BFGS's memory of the last {@code m} steps {@code s = x' - x} and gradient
 * changes {@code y = g' - g}, and the two-loop recursion (Nocedal and Wright,
 * <em>Numerical Optimization</em>, 2nd ed., Algorithm 7.4) that turns them into
 * the direction {@code d = -H g}, with {@code H0 = gamma I},
 * {@code gamma = s'y / y'y} of the newest pair. Vectors are walked only over
 * the trainable ranges, so a constant's elements never move. All arrays are
 * made here; {@link #direction} and {@link #commit} allocate nothing.
 */
final class LbfgsHistory {
    /** A pair whose {@code s'y} is not above this is dropped: it would make H lose positive definiteness. */
    static final double CURVATURE_THRESHOLD = 1e-10;

    private final int[] ranges;
    private final int capacity;
    /** {@code capacity + 1} slots, so that the next pair is written where no kept one lives. */
    private final double[][] steps;
    private final double[][] changes;
    private final double[] rho;
    private final double[] alpha;
    private int oldest;
    private int count;
    private double gamma = 1.0;

    LbfgsHistory(int capacity, int length, int[] ranges) {
        this.ranges = ranges;
        this.capacity = capacity;
        this.steps = new double[capacity + 1][length];
        this.changes = new double[capacity + 1][length];
        this.rho = new double[capacity + 1];
        this.alpha = new double[capacity + 1];
    }

    /** {@return how many pairs are kept} */
    int size() {
        return count;
    }

    /** Forgets every pair. */
    void clear() {
        oldest = 0;
        count = 0;
        gamma = 1.0;
    }

    /** {@return where the next step {@code s} goes, to be filled before {@link #commit}} */
    double[] nextStep() {
        return steps[slot(count)];
    }

    /** {@return where the next gradient change {@code y} goes, to be filled before {@link #commit}} */
    double[] nextChange() {
        return changes[slot(count)];
    }

    /**
     * Keeps the pair written into {@link #nextStep} and {@link #nextChange} when {@code s'y} is large enough,
     * dropping the oldest pair if the memory is full; {@return whether it was kept}
     */
    boolean commit() {
        int next = slot(count);
        double sy = dot(ranges, steps[next], changes[next]);
        if (!(sy > CURVATURE_THRESHOLD)) {
            return false;
        }
        rho[next] = 1.0 / sy;
        gamma = sy / dot(ranges, changes[next], changes[next]);
        if (count == capacity) {
            oldest = slot(1);
        } else {
            count++;
        }
        return true;
    }

    /** Writes {@code -H gradient} into {@code direction}: zero outside the trainable ranges. */
    void direction(double[] gradient, double[] direction) {
        Arrays.fill(direction, 0.0);
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                direction[i] = -gradient[i];
            }
        }
        for (int k = count - 1; k >= 0; k--) {
            int j = slot(k);
            alpha[j] = rho[j] * dot(ranges, steps[j], direction);
            addScaled(ranges, -alpha[j], changes[j], direction);
        }
        scale(ranges, gamma, direction);
        for (int k = 0; k < count; k++) {
            int j = slot(k);
            double beta = rho[j] * dot(ranges, changes[j], direction);
            addScaled(ranges, alpha[j] - beta, steps[j], direction);
        }
    }

    private int slot(int k) {
        return (oldest + k) % (capacity + 1);
    }

    /** {@code a . b} over the ranges. */
    static double dot(int[] ranges, double[] a, double[] b) {
        double sum = 0.0;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                sum += a[i] * b[i];
            }
        }
        return sum;
    }

    /** {@code y += a x} over the ranges. */
    static void addScaled(int[] ranges, double a, double[] x, double[] y) {
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                y[i] += a * x[i];
            }
        }
    }

    /** {@code x *= a} over the ranges. */
    static void scale(int[] ranges, double a, double[] x) {
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                x[i] *= a;
            }
        }
    }

    /** {@return the largest {@code |scale * x_i|} over the ranges} NaN when any element is NaN. */
    static double maxAbs(int[] ranges, double scale, double[] x) {
        double max = 0.0;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                double v = Math.abs(scale * x[i]);
                if (Double.isNaN(v)) {
                    return v;
                }
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** {@return the sum of {@code |x_i|} over the ranges} */
    static double sumAbs(int[] ranges, double[] x) {
        double sum = 0.0;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                sum += Math.abs(x[i]);
            }
        }
        return sum;
    }
}
