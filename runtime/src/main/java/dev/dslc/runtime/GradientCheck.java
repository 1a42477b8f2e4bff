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
 * <p>Only {@linkplain Parameter#trainable() trainable} parameters are checked:
 * a {@code const}'s gradient is zero by design.
 *
 * <p>Where the worst element sits at a kink of the loss ({@code relu} or
 * {@code abs} at 0, {@code max} at a tie), {@code backward} gives one side's
 * slope, as the derivative conventions say, and central differences the mean
 * of both sides, so the check fails although nothing is wrong. The check
 * recognises this numerically, when the worst error is above 1e-6:
 * the one-sided differences disagree, and keep disagreeing at half the step
 * (on a smooth loss their gap halves with the step). The result then says so
 * ({@link Result#atKink()}) and its message suggests an input away from the
 * kink. An all-zero input to a {@code relu} network is the usual way to meet one.
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
    /** Below this worst error nobody looks for a cause, and the kink probe's loss evaluations are not spent. */
    static final double PROBED_ERROR = 1e-6;

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
            int[] trainable = TrainableRanges.indices(TrainableRanges.of(model.parameterLayout(), parameters.length));
            return compare(model, input, target, analytic, chosen(trainable));
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
        if (!(worstError > PROBED_ERROR) || Double.isInfinite(worstError)) {
            return new Result(worstError, where, worstAnalytic, worstNumeric, indices.length, 2 * indices.length, 1);
        }
        Kink kink = probe(model, parameters, worstIndex, input, target, worstAnalytic - worstNumeric);
        return new Result(worstError, where, worstAnalytic, worstNumeric, indices.length, 2 * indices.length + 3, 1,
                kink.found(), kink.below(), kink.above());
    }

    /** The one-sided slopes at a parameter element, and whether they reveal a kink. */
    private record Kink(boolean found, double below, double above) {
    }

    /**
     * On a smooth loss the one-sided differences differ by about h times the
     * curvature, so their gap halves with h; at a kink it is the jump in slope,
     * whatever h. A jump big enough to explain the error found, and that does
     * not shrink at h / 2, is a kink.
     */
    private Kink probe(Model model, double[] parameters, int index, double[] input, double[] target, double error) {
        double here = model.loss(input, target);
        double[] full = oneSidedSlopes(model, parameters, index, input, target, here, step);
        double[] half = oneSidedSlopes(model, parameters, index, input, target, here, step / 2);
        double gap = Math.abs(full[1] - full[0]);
        double halfGap = Math.abs(half[1] - half[0]);
        double scale = Math.max(Math.max(Math.abs(full[0]), Math.abs(full[1])), absoluteFloor);
        boolean found = gap >= 0.5 * Math.abs(error) && gap > 1e-3 * scale && halfGap > 0.75 * gap;
        return new Kink(found, full[0], full[1]);
    }

    /** {below, above}: the slopes from {@code here} to the loss a step h below and a step h above; two losses. */
    private static double[] oneSidedSlopes(Model model, double[] parameters, int index, double[] input,
            double[] target, double here, double h) {
        double original = parameters[index];
        double up = original + h;
        double down = original - h;
        return new double[] {(here - lossWith(model, parameters, index, down, input, target)) / (original - down),
            (lossWith(model, parameters, index, up, input, target) - here) / (up - original)};
    }

    private double centralDifference(Model model, double[] parameters, int index, double[] input, double[] target) {
        double up = parameters[index] + step;
        double down = parameters[index] - step;
        // up - down is the step actually taken, which rounding makes differ from 2h
        return (lossWith(model, parameters, index, up, input, target)
                - lossWith(model, parameters, index, down, input, target)) / (up - down);
    }

    /** The loss with one parameter element set to {@code value}, which is then put back. */
    private static double lossWith(Model model, double[] parameters, int index, double value, double[] input,
            double[] target) {
        double original = parameters[index];
        parameters[index] = value;
        double loss = model.loss(input, target);
        parameters[index] = original;
        return loss;
    }

    private double error(double analytic, double numeric) {
        double scale = Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), absoluteFloor);
        return Math.abs(analytic - numeric) / scale;
    }

    /** All of {@code candidates} (ascending) or a seeded sample of {@code maxParameters} of them. */
    private int[] chosen(int[] candidates) {
        int[] indices = candidates.clone();
        int parameterCount = indices.length;
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
     * @param worst                where it was; null when the model has no trainable parameters
     * @param analytic             the gradient {@code backward} gave there
     * @param numeric              the finite-difference gradient there
     * @param checkedParameters    how many parameter elements were compared
     * @param lossEvaluations      loss evaluations spent: two per checked parameter, and three more
     *                             when the worst error was large enough to look for a kink
     * @param backwardPasses       backward passes spent: one
     * @param atKink               true when the loss is not smooth at the worst element: its slopes
     *                             below and above differ, so the error is no evidence of a wrong gradient
     * @param slopeBelow           the one-sided difference from a step below, when a kink was looked for (else NaN)
     * @param slopeAbove           the one-sided difference to a step above, when a kink was looked for (else NaN)
     */
    public record Result(double largestRelativeError, ParameterLocation worst, double analytic, double numeric,
                         int checkedParameters, int lossEvaluations, int backwardPasses,
                         boolean atKink, double slopeBelow, double slopeAbove) {

        /**
         * A result for which no kink was looked for.
         *
         * @param largestRelativeError the largest relative error over the checked parameters
         * @param worst                where it was; null when the model has no trainable parameters
         * @param analytic             the gradient {@code backward} gave there
         * @param numeric              the finite-difference gradient there
         * @param checkedParameters    how many parameter elements were compared
         * @param lossEvaluations      loss evaluations spent
         * @param backwardPasses       backward passes spent
         */
        public Result(double largestRelativeError, ParameterLocation worst, double analytic, double numeric,
                      int checkedParameters, int lossEvaluations, int backwardPasses) {
            this(largestRelativeError, worst, analytic, numeric, checkedParameters, lossEvaluations, backwardPasses,
                    false, Double.NaN, Double.NaN);
        }

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
            String where = worst == null ? "no parameters that are trainable" : worst.toString();
            String summary = "largest relative gradient error " + largestRelativeError + " at " + where
                    + ": backward gave " + analytic + ", finite differences " + numeric
                    + " (" + checkedParameters + " parameters checked with " + lossEvaluations
                    + " loss evaluations and " + backwardPasses + " backward pass)";
            if (!atKink) {
                return summary;
            }
            return summary + "; " + worst.name() + " sits at a kink of the loss: the slope is " + slopeBelow
                    + " just below and " + slopeAbove + " just above (relu or abs at 0, max or min at a tie),"
                    + " where backward takes one side by the derivative conventions and finite differences"
                    + " average both, so this is not evidence of a wrong gradient; check again at an input away"
                    + " from the kink, such as small random non-zero values rather than zeros";
        }
    }
}
