package dev.dslc.runtime;

/**
 * A line search for a step {@code t} along a descent direction {@code d} that
 * meets the strong Wolfe conditions (Nocedal and Wright, <em>Numerical
 * Optimization</em>, 2nd ed., Algorithms 3.5 and 3.6):
 * <pre>
 *   f(x + t d) &lt;= f(x) + c1 t g'd          (sufficient decrease)
 *   |g(x + t d)'d| &lt;= c2 |g'd|            (curvature)
 * </pre>
 * with {@code c1 = 1e-4}, {@code c2 = 0.9}. It follows PyTorch's
 * {@code _strong_wolfe}: a bracketing phase that extrapolates by cubic
 * interpolation (between {@code t + 0.01 (t - tPrev)} and {@code 10 t}),
 * then a zoom that shrinks the bracket by cubic interpolation, moved 10% of
 * the bracket in from an end when progress stalls. A NaN or infinite value or
 * slope counts as too high a value, so the search backs away from it.
 *
 * <p>The gradients of the bracket's ends are kept in arrays made here, so a
 * search allocates nothing. Not thread-safe.
 */
final class StrongWolfe {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;

    /** The objective along the line: writes the gradient at {@code x + t d} and returns the value there. */
    @FunctionalInterface
    interface Line {
        double at(double t, double[] gradient);
    }

    private final int[] ranges;
    private final double[] trial;
    private final double[] previous;
    private final double[][] ends;
    private final double[] endStep = new double[2];
    private final double[] endValue = new double[2];
    private final double[] endSlope = new double[2];
    private final int[] endEvaluation = new int[2];
    private int low;
    private int evaluations;
    private int nonFinite;

    StrongWolfe(int length, int[] ranges) {
        this.ranges = ranges;
        this.trial = new double[length];
        this.previous = new double[length];
        this.ends = new double[][] {new double[length], new double[length]};
    }

    /**
     * Searches from the point where the value is {@code f} and the gradient {@code g}, along {@code d} with slope
     * {@code gtd = g'd < 0}, trying {@code t} first, with at most {@code maxEvaluations} evaluations; the search
     * also ends when the bracket is shorter than {@code tolerance / max|d|}. Afterwards {@link #step},
     * {@link #value}, {@link #gradient} and {@link #acceptedEvaluation} describe the lowest point found that the
     * search kept (the start itself, step 0, when no evaluation went below it).
     */
    void search(Line line, double[] d, double f, double[] g, double gtd, double t, double tolerance,
                int maxEvaluations) {
        double dNorm = LbfgsHistory.maxAbs(ranges, 1.0, d);
        evaluations = 0;
        nonFinite = 0;
        double fNew = evaluate(line, t);
        double gtdNew = LbfgsHistory.dot(ranges, trial, d);
        double tPrev = 0.0;
        double fPrev = f;
        double gtdPrev = gtd;
        System.arraycopy(g, 0, previous, 0, g.length);
        int evaluationPrev = 0;
        boolean done = false;
        boolean bracketed = false;
        while (evaluations < maxEvaluations) {
            if (tooHigh(fNew, gtdNew, f, t, gtd) || (evaluations > 2 && fNew >= fPrev)) {
                bracketed = true;
            } else if (Math.abs(gtdNew) <= -C2 * gtd) {
                keep(0, t, fNew, gtdNew, trial, evaluations);
                low = 0;
                done = true;
                break;
            } else if (gtdNew >= 0) {
                bracketed = true;
            }
            if (bracketed) {
                keep(0, tPrev, fPrev, gtdPrev, previous, evaluationPrev);
                keep(1, t, fNew, gtdNew, trial, evaluations);
                break;
            }
            double next = cubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, t + 0.01 * (t - tPrev), 10 * t);
            tPrev = t;
            fPrev = fNew;
            gtdPrev = gtdNew;
            evaluationPrev = evaluations;
            System.arraycopy(trial, 0, previous, 0, trial.length);
            t = next;
            fNew = evaluate(line, t);
            gtdNew = LbfgsHistory.dot(ranges, trial, d);
        }
        if (!done && !bracketed) {
            // out of evaluations while the value still fell: keep the last point if it is lower
            keep(0, 0.0, f, gtd, g, 0);
            keep(1, t, fNew, gtdNew, trial, evaluations);
        }
        if (!done) {
            low = comparable(endValue[0]) <= comparable(endValue[1]) ? 0 : 1;
            zoom(line, d, f, gtd, dNorm, tolerance, maxEvaluations);
        }
    }

    /** Shrinks the bracket {@code [endStep[0], endStep[1]]} around a point that meets both conditions. */
    private void zoom(Line line, double[] d, double f, double gtd, double dNorm, double tolerance,
                      int maxEvaluations) {
        boolean insufficientProgress = false;
        while (evaluations < maxEvaluations) {
            double lo = Math.min(endStep[0], endStep[1]);
            double hi = Math.max(endStep[0], endStep[1]);
            if ((hi - lo) * dNorm < tolerance) {
                return;
            }
            double t = cubicMinimum(endStep[0], endValue[0], endSlope[0], endStep[1], endValue[1], endSlope[1],
                    lo, hi);
            double margin = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < margin) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - margin : lo + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            double fNew = evaluate(line, t);
            double gtdNew = LbfgsHistory.dot(ranges, trial, d);
            int high = 1 - low;
            if (tooHigh(fNew, gtdNew, f, t, gtd) || fNew >= endValue[low]) {
                keep(high, t, fNew, gtdNew, trial, evaluations);
                low = comparable(endValue[0]) <= comparable(endValue[1]) ? 0 : 1;
                continue;
            }
            boolean wolfe = Math.abs(gtdNew) <= -C2 * gtd;
            if (!wolfe && gtdNew * (endStep[high] - endStep[low]) >= 0) {
                // the old low becomes the high end: swap the gradient arrays, the old high's is overwritten next
                double[] kept = ends[high];
                ends[high] = ends[low];
                ends[low] = kept;
                endStep[high] = endStep[low];
                endValue[high] = endValue[low];
                endSlope[high] = endSlope[low];
                endEvaluation[high] = endEvaluation[low];
            }
            keep(low, t, fNew, gtdNew, trial, evaluations);
            if (wolfe) {
                return;
            }
        }
    }

    private double evaluate(Line line, double t) {
        evaluations++;
        double f = line.at(t, trial);
        if (!Double.isFinite(f)) {
            nonFinite++;
        }
        return f;
    }

    private static boolean tooHigh(double fNew, double gtdNew, double f, double t, double gtd) {
        return !Double.isFinite(fNew) || !Double.isFinite(gtdNew) || fNew > f + C1 * t * gtd;
    }

    /** A value to compare bracket ends by: NaN as the highest. */
    private static double comparable(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }

    private void keep(int end, double t, double f, double gtd, double[] gradient, int evaluation) {
        endStep[end] = t;
        endValue[end] = f;
        endSlope[end] = gtd;
        endEvaluation[end] = evaluation;
        System.arraycopy(gradient, 0, ends[end], 0, gradient.length);
    }

    /**
     * The minimiser of the cubic through {@code (t1, f1)} and {@code (t2, f2)} with slopes {@code g1} and
     * {@code g2}, clamped to {@code [min, max]}; the middle of that interval when the cubic has no minimum or
     * an input is not finite (Nocedal and Wright, equation 3.59).
     */
    static double cubicMinimum(double t1, double f1, double g1, double t2, double f2, double g2,
                               double min, double max) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (t1 - t2);
        double d2Squared = d1 * d1 - g1 * g2;
        if (d2Squared >= 0) {
            double d2 = Math.sqrt(d2Squared);
            double t = t1 <= t2
                    ? t2 - (t2 - t1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : t1 - (t1 - t2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            if (Double.isFinite(t)) {
                return Math.min(Math.max(t, min), max);
            }
        }
        return (min + max) / 2;
    }

    /** {@return the step the search kept} */
    double step() {
        return endStep[low];
    }

    /** {@return the value at the kept step} */
    double value() {
        return endValue[low];
    }

    /** {@return the gradient at the kept step; the array is overwritten by the next search} */
    double[] gradient() {
        return ends[low];
    }

    /** {@return which evaluation of the search gave the kept step, from 1; 0 for the start point} */
    int acceptedEvaluation() {
        return endEvaluation[low];
    }

    /** {@return how many of the last search's evaluations gave a NaN or infinite value} */
    int nonFiniteEvaluations() {
        return nonFinite;
    }

    /** {@return how many evaluations the last search made} */
    int evaluations() {
        return evaluations;
    }
}
