package dev.dslc.runtime;

import java.util.Arrays;
import java.util.Random;

/**
 * Compares {@link Model#backward} with central finite differences of
 * {@link Model#loss}: {@code (loss(p + h) - loss(p - h)) / 2h} for each
 * checked parameter. Checking every parameter costs two loss evaluations per
 * parameter against one backward pass, which is why big models can check a
 * seeded random sample instead.
 *
 * <p>The error reported for one parameter is
 * {@code |analytic - numeric| / max(|analytic|, |numeric|, absoluteFloor)}:
 * relative for ordinary gradients, and absolute (scaled) for gradients that
 * are both close to zero, where rounding noise in the differences would
 * otherwise look like a large relative error.
 *
 * <p>The model's parameters and gradients are exactly as they were afterwards,
 * even if the model throws.
 *
 * <pre>{@code
 * GradientCheck.Result result = GradientCheck.everyParameter().check(model, input, target);
 * if (!result.passes(1e-6)) {
 *     System.err.println(result);   // names the worst parameter element and its two gradients
 * }
 * GradientCheck.sample(200, 42L).check(bigModel, input, target);
 * }</pre>
 */
public final class GradientCheck {
    private static final double DEFAULT_STEP = 1e-5;
    private static final double DEFAULT_ABSOLUTE_FLOOR = 1e-4;

    private final double step;
    private final double absoluteFloor;
    private final int maxParameters;
    private final long seed;

    private GradientCheck(double step, double absoluteFloor, int maxParameters, long seed) {
        if (!(step > 0.0) || !(absoluteFloor > 0.0) || maxParameters <= 0) {
            throw new IllegalArgumentException("step, absolute floor and sample size must be positive, were "
                    + step + ", " + absoluteFloor + ", " + maxParameters);
        }
        this.step = step;
        this.absoluteFloor = absoluteFloor;
        this.maxParameters = maxParameters;
        this.seed = seed;
    }

    /** {@return a check of every parameter, with step {@code 1e-5} and absolute floor {@code 1e-4}} */
    public static GradientCheck everyParameter() {
        return new GradientCheck(DEFAULT_STEP, DEFAULT_ABSOLUTE_FLOOR, Integer.MAX_VALUE, 0L);
    }

    /**
     * Checks at most {@code maxParameters} parameters, chosen at random from {@code seed}; all if the model has fewer.
     *
     * @param maxParameters how many parameter elements to compare, at least 1
     * @param seed          picks which
     * @return the check, with the default step and floor
     */
    public static GradientCheck sample(int maxParameters, long seed) {
        return new GradientCheck(DEFAULT_STEP, DEFAULT_ABSOLUTE_FLOOR, maxParameters, seed);
    }

    /**
     * {@return the same check with finite-difference step {@code h}}
     *
     * @param h the central difference's half-width, greater than 0
     */
    public GradientCheck withStep(double h) {
        return new GradientCheck(h, absoluteFloor, maxParameters, seed);
    }

    /**
     * {@return the same check with a different floor for the error's denominator}
     *
     * @param floor the smallest denominator of the relative error, greater than 0
     */
    public GradientCheck withAbsoluteFloor(double floor) {
        return new GradientCheck(step, floor, maxParameters, seed);
    }

    /**
     * Checks the gradient of the loss on one example. The model's parameters
     * and gradients are restored afterwards.
     *
     * @param model  the model, at the parameters to check
     * @param input  the example's input
     * @param target the example's target
     * @return the largest error and where it was
     */
    public Result check(Model model, double[] input, double[] target) {
        double[] parameters = model.parameters();
        double[] savedParameters = parameters.clone();
        double[] savedGradients = model.gradients().clone();
        try {
            model.zeroGradients();
            model.backward(input, target);
            double[] analytic = model.gradients().clone();
            return compare(model, input, target, analytic, chosenIndices(parameters.length));
        } finally {
            System.arraycopy(savedParameters, 0, parameters, 0, parameters.length);
            System.arraycopy(savedGradients, 0, model.gradients(), 0, savedGradients.length);
        }
    }

    private Result compare(Model model, double[] input, double[] target, double[] analytic, int[] indices) {
        double[] parameters = model.parameters();
        double worstError = 0.0;
        int worstIndex = indices.length == 0 ? -1 : indices[0];
        double worstNumeric = 0.0;
        for (int index : indices) {
            double numeric = centralDifference(model, parameters, index, input, target);
            double error = error(analytic[index], numeric);
            // NaN compares false, so a NaN error becomes the worst and stays so
            if (!(error <= worstError) && !Double.isNaN(worstError)) {
                worstError = error;
                worstIndex = index;
                worstNumeric = numeric;
            }
        }
        ParameterLocation where = worstIndex < 0 ? null : ParameterLocation.of(model.parameterLayout(), worstIndex);
        double worstAnalytic = worstIndex < 0 ? 0.0 : analytic[worstIndex];
        return new Result(worstError, where, worstAnalytic, worstNumeric, indices.length, 2 * indices.length, 1);
    }

    private double centralDifference(Model model, double[] parameters, int index, double[] input, double[] target) {
        double original = parameters[index];
        double up = original + step;
        double down = original - step;
        parameters[index] = up;
        double lossUp = model.loss(input, target);
        parameters[index] = down;
        double lossDown = model.loss(input, target);
        parameters[index] = original;
        // up - down is the step actually taken, which rounding makes differ from 2h
        return (lossUp - lossDown) / (up - down);
    }

    private double error(double analytic, double numeric) {
        double scale = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), absoluteFloor);
        return Math.abs(analytic - numeric) / scale;
    }

    private int[] chosenIndices(int parameterCount) {
        int[] indices = new int[parameterCount];
        Arrays.setAll(indices, i -> i);
        if (parameterCount <= maxParameters) {
            return indices;
        }
        Random random = new Random(seed);
        for (int i = 0; i < maxParameters; i++) {
            int j = i + random.nextInt(parameterCount - i);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        int[] chosen = Arrays.copyOf(indices, maxParameters);
        Arrays.sort(chosen);
        return chosen;
    }

    /**
     * What a check found.
     *
     * @param largestRelativeError the largest error, as the class defines it, over the checked
     *                             parameters (NaN if any gradient was NaN)
     * @param worst                where it was; null when the model has no parameters
     * @param analytic             the gradient {@code backward} gave there
     * @param numeric              the finite-difference gradient there
     * @param checkedParameters    how many parameter elements were compared
     * @param lossEvaluations      loss evaluations spent: two per checked parameter
     * @param backwardPasses       backward passes spent: one
     */
    public record Result(double largestRelativeError, ParameterLocation worst, double analytic, double numeric,
                         int checkedParameters, int lossEvaluations, int backwardPasses) {

        /**
         * {@return true when the largest error is at most {@code tolerance} (false if it is NaN)}
         *
         * @param tolerance the largest acceptable relative error
         */
        public boolean passes(double tolerance) {
            return largestRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            String where = worst == null ? "no parameters" : worst.toString();
            return "largest relative gradient error " + largestRelativeError + " at " + where
                    + ": backward gave " + analytic + ", finite differences " + numeric
                    + " (" + checkedParameters + " parameters checked with " + lossEvaluations
                    + " loss evaluations and " + backwardPasses + " backward pass)";
        }
    }
}
