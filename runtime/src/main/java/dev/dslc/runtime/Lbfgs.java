package dev.dslc.runtime;

import java.util.Arrays;

/**
 * Limited-memory BFGS with a strong-Wolfe line search: the quasi-Newton
 * method of PyTorch's {@code torch.optim.LBFGS(line_search_fn="strong_wolfe")}
 * and the default solver of Spark MLlib's multilayer perceptron. Each
 * iteration builds a direction from the last {@code m} steps and gradient
 * changes (the two-loop recursion, Nocedal and Wright, <em>Numerical
 * Optimization</em>, Algorithm 7.4), then searches along it for a step that
 * meets the strong Wolfe conditions with {@code c1 = 1e-4}, {@code c2 = 0.9},
 * by cubic interpolation (Algorithms 3.5 and 3.6, as PyTorch's
 * {@code _strong_wolfe}). An iteration evaluates the objective once or more.
 *
 * <p>It minimises a whole function, not a mini-batch: with a model, the value
 * is the mean loss over the whole training set and the gradient its mean
 * gradient, which {@link Trainer#lbfgsBuilder(Lbfgs)} computes (on several threads,
 * as it sums a mini-batch) and which is why it is not an {@link Optimizer}.
 * On its own it minimises any {@link Objective}:
 *
 * <pre>{@code
 * Lbfgs lbfgs = Lbfgs.builder().history(10).build();
 * double[] x = {-1.2, 1.0};
 * Lbfgs.Result result = lbfgs.minimize((p, g) -> {          // Rosenbrock's function
 *     g[0] = -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]);
 *     g[1] = 200 * (p[1] - p[0] * p[0]);
 *     return (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
 * }, x, 100);              // 35 iterations, 44 evaluations: x is (1, 1) to 2e-6
 * }</pre>
 *
 * <p>The defaults are PyTorch's where it has them: initial step 1 (its
 * {@code lr}), gradient tolerance 1e-7 (largest element), change tolerance
 * 1e-9 (on the step's largest element and on the value), at most 25
 * evaluations per line search. The history is 10 pairs, as in SciPy's
 * L-BFGS-B, Breeze (Spark) and Nocedal and Wright's advice of 3 to 20;
 * PyTorch keeps 100. The first iteration's step is
 * {@code min(1, 1 / sum|g|) * initialStep} along {@code -g}, the later
 * ones' {@code initialStep} along {@code -H g}.
 *
 * <p>Arrays are made when the optimiser first meets an objective of a given
 * length ({@code 2 (m + 1) + 7} arrays of that length); iterations after that
 * allocate nothing. Each minimisation (each {@link Trainer#train} call)
 * starts afresh, with an empty history. Elements outside
 * {@linkplain Model#parameterLayout() trainable} parameters (a {@code const})
 * never move when it trains a model. Not thread-safe; one objective at a time.
 */
public final class Lbfgs {
    /** Pairs of steps and gradient changes kept when none is given. */
    public static final int DEFAULT_HISTORY = 10;

    private final int history;
    private final double initialStep;
    private final double gradientTolerance;
    private final double changeTolerance;
    private final int lineSearchEvaluations;

    private int[] ranges;
    private LbfgsHistory memory;
    private StrongWolfe search;
    private double[] start;
    private double[] gradient;
    private double[] direction;
    private Objective objective;
    private double[] point;
    private double value;
    private int iterations;
    private int evaluations;
    private double lastStep;
    private final StrongWolfe.Line line = this::valueAlongLine;

    private Lbfgs(Builder builder) {
        this.history = builder.history;
        this.initialStep = builder.initialStep;
        this.gradientTolerance = builder.gradientTolerance;
        this.changeTolerance = builder.changeTolerance;
        this.lineSearchEvaluations = builder.lineSearchEvaluations;
    }

    /** {@return a builder of the settings, each with its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A differentiable function of a vector.
     */
    @FunctionalInterface
    public interface Objective {
        /**
         * Evaluates the function at {@code x}.
         *
         * @param x        the point; not to be changed
         * @param gradient where the gradient at {@code x} goes, as long as {@code x}, to be overwritten
         * @return the value at {@code x}
         */
        double evaluate(double[] x, double[] gradient);
    }

    /** Why an iteration ended the minimisation. */
    public enum Stop {
        /** Every element of the gradient is within the gradient tolerance of 0. */
        GRADIENT_TOLERANCE,
        /** The step's largest element was within the change tolerance. */
        STEP_TOLERANCE,
        /** The value changed by less than the change tolerance. */
        VALUE_TOLERANCE,
        /** The direction was not downhill by more than the change tolerance, so no step could lower the value. */
        NO_DESCENT,
        /** The line search found no point lower than the start within its evaluations; nothing moved. */
        LINE_SEARCH_FAILED,
        /** The value or gradient at the start was NaN or infinite. */
        NOT_FINITE,
        /** The iteration limit was reached. */
        MAX_ITERATIONS
    }

    /**
     * The outcome of {@link #minimize}.
     *
     * @param value       the value at the final point
     * @param iterations  iterations taken
     * @param evaluations evaluations of the objective, the first one included
     * @param stop        why it stopped
     */
    public record Result(double value, int iterations, int evaluations, Stop stop) {
    }

    /**
     * Minimises {@code objective} from {@code x}, which ends at the lowest point found.
     *
     * @param objective     the function
     * @param x             the starting point, overwritten with the result
     * @param maxIterations at most this many iterations, at least 0
     * @return the final value and why it stopped
     */
    public Result minimize(Objective objective, double[] x, int maxIterations) {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("max iterations must be >= 0, was " + maxIterations);
        }
        Stop stop = start(objective, x, null);
        while (stop == null && iterations < maxIterations) {
            stop = iterate();
        }
        return new Result(value, iterations, evaluations, stop == null ? Stop.MAX_ITERATIONS : stop);
    }

    /**
     * Starts at {@code x}: binds the arrays, forgets the history and evaluates once; {@code trainable} (pairs of
     * {@code [start, end)}, or null for all of {@code x}) are the elements that may move. Returns why there is
     * nothing to do, or null.
     */
    Stop start(Objective objective, double[] x, int[] trainable) {
        int[] elements = trainable != null ? trainable : new int[] {0, x.length};
        if (start == null || start.length != x.length || !Arrays.equals(elements, ranges)) {
            ranges = elements;
            memory = new LbfgsHistory(history, x.length, ranges);
            search = new StrongWolfe(x.length, ranges);
            start = new double[x.length];
            gradient = new double[x.length];
            direction = new double[x.length];
        }
        memory.clear();
        this.objective = objective;
        this.point = x;
        iterations = 0;
        evaluations = 1;
        lastStep = 0.0;
        value = objective.evaluate(x, gradient);
        if (!Double.isFinite(value) || GradientMonitor.firstNonFinite(gradient) >= 0) {
            return Stop.NOT_FINITE;
        }
        return LbfgsHistory.maxAbs(ranges, 1.0, gradient) <= gradientTolerance ? Stop.GRADIENT_TOLERANCE : null;
    }

    /** One iteration from the current point; returns why to stop, or null to go on. */
    Stop iterate() {
        memory.direction(gradient, direction);   // -g while there are no pairs
        // the first direction is the raw gradient, whose length says nothing about a good step
        double t = iterations == 0
                ? Math.min(1.0, 1.0 / LbfgsHistory.sumAbs(ranges, gradient)) * initialStep
                : initialStep;
        double gtd = LbfgsHistory.dot(ranges, gradient, direction);
        if (!(gtd < -changeTolerance)) {
            return Stop.NO_DESCENT;
        }
        System.arraycopy(point, 0, start, 0, point.length);
        search.search(line, direction, value, gradient, gtd, t, changeTolerance, lineSearchEvaluations);
        evaluations += search.evaluations();
        iterations++;
        t = search.step();
        lastStep = t;
        if (search.acceptedEvaluation() == 0) {
            System.arraycopy(start, 0, point, 0, point.length);
            return Stop.LINE_SEARCH_FAILED;
        }
        moveTo(t);
        double[] s = memory.nextStep();
        double[] y = memory.nextChange();
        double[] newGradient = search.gradient();
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                s[i] = t * direction[i];
                y[i] = newGradient[i] - gradient[i];
            }
        }
        memory.commit();
        System.arraycopy(newGradient, 0, gradient, 0, gradient.length);
        double previousValue = value;
        value = search.value();
        if (LbfgsHistory.maxAbs(ranges, 1.0, gradient) <= gradientTolerance) {
            return Stop.GRADIENT_TOLERANCE;
        }
        if (LbfgsHistory.maxAbs(ranges, t, direction) <= changeTolerance) {
            return Stop.STEP_TOLERANCE;
        }
        return Math.abs(value - previousValue) < changeTolerance ? Stop.VALUE_TOLERANCE : null;
    }

    /** Sets the point to {@code start + t d}: the same arithmetic as the line search's, so the same bits. */
    private void moveTo(double t) {
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                point[i] = start[i] + t * direction[i];
            }
        }
    }

    private double valueAlongLine(double t, double[] trialGradient) {
        moveTo(t);
        return objective.evaluate(point, trialGradient);
    }

    /** {@return the value at the current point} */
    double value() {
        return value;
    }

    /** {@return the gradient at the current point; the array is the optimiser's} */
    double[] gradient() {
        return gradient;
    }

    /** {@return the step the last iteration's line search took along its direction} */
    double lastStep() {
        return lastStep;
    }

    /** {@return which evaluation of the last line search gave the current point, from 1; 0: none, it stayed} */
    int acceptedEvaluation() {
        return search.acceptedEvaluation();
    }

    /** {@return how many evaluations the last line search made, and how many of them were NaN or infinite} */
    String lastSearch() {
        return search.evaluations() + " evaluations, " + search.nonFiniteEvaluations() + " of them NaN or infinite";
    }

    /** {@return the most evaluations one line search makes} */
    int lineSearchEvaluations() {
        return lineSearchEvaluations;
    }

    /** {@return the first step, 1 unless set} */
    public double initialStep() {
        return initialStep;
    }

    /** Settings of an {@link Lbfgs}; the defaults are shown on each method and checked by {@link #build}. */
    public static final class Builder {
        private int history = DEFAULT_HISTORY;
        private double initialStep = 1.0;
        private double gradientTolerance = 1e-7;
        private double changeTolerance = 1e-9;
        private int lineSearchEvaluations = 25;

        private Builder() {
        }

        /**
         * Pairs of steps and gradient changes to remember (default {@value Lbfgs#DEFAULT_HISTORY}).
         *
         * @param pairs at least 1
         * @return this builder
         */
        public Builder history(int pairs) {
            this.history = pairs;
            return this;
        }

        /**
         * The step each line search tries first (default 1, PyTorch's {@code lr}); the first iteration
         * scales it by {@code min(1, 1 / sum|g|)}.
         *
         * @param step above 0
         * @return this builder
         */
        public Builder initialStep(double step) {
            this.initialStep = step;
            return this;
        }

        /**
         * Stop once no element of the gradient is further than this from 0 (default 1e-7).
         *
         * @param tolerance at least 0
         * @return this builder
         */
        public Builder gradientTolerance(double tolerance) {
            this.gradientTolerance = tolerance;
            return this;
        }

        /**
         * Stop once a step's largest element, or the change of the value, is below this (default 1e-9);
         * it also ends a line search whose bracket has shrunk to this.
         *
         * @param tolerance at least 0
         * @return this builder
         */
        public Builder changeTolerance(double tolerance) {
            this.changeTolerance = tolerance;
            return this;
        }

        /**
         * The most evaluations of one line search (default 25).
         *
         * @param evaluations at least 1
         * @return this builder
         */
        public Builder lineSearchEvaluations(int evaluations) {
            this.lineSearchEvaluations = evaluations;
            return this;
        }

        /**
         * {@return the optimiser} Checks the settings first.
         *
         * @throws IllegalArgumentException naming a setting that is out of range
         */
        public Lbfgs build() {
            if (history < 1 || lineSearchEvaluations < 1) {
                throw new IllegalArgumentException("history and line-search evaluations must be >= 1, were "
                        + history + " and " + lineSearchEvaluations);
            }
            if (!(initialStep > 0) || !Double.isFinite(initialStep)) {
                throw new IllegalArgumentException("initial step must be a positive number, was " + initialStep);
            }
            if (!(gradientTolerance >= 0) || !(changeTolerance >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0, were " + gradientTolerance + " and "
                        + changeTolerance);
            }
            return new Lbfgs(this);
        }
    }
}
