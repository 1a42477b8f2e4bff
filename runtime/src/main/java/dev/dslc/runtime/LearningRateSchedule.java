package dev.dslc.runtime;

/**
 * The learning rate an {@link Optimizer} uses for each update, as a function
 * of how many updates came before it. Called once per step with a primitive
 * argument, so a lambda or one of the factories here costs no allocation.
 *
 * <pre>{@code
 * // 0.1 for 100 steps, 0.05 for the next 100, 0.025 after that ...
 * Optimizer sgd = new Sgd(LearningRateSchedule.stepDecay(0.1, 0.5, 100), 0.9);
 * // cosine from 1e-3 down to 1e-5 over 10,000 steps, then flat at 1e-5
 * Optimizer adam = new Adam(LearningRateSchedule.cosine(1e-3, 1e-5, 10_000));
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * {@return the learning rate for the update that has {@code step} updates before it}
     *
     * @param step the number of earlier updates: 0 for the first
     */
    double rate(long step);

    /**
     * {@return the same rate for every step}
     *
     * @param rate the learning rate, finite
     */
    static LearningRateSchedule constant(double rate) {
        requireFinite(rate, "rate");
        return step -> rate;
    }

    /**
     * {@code initial * factor^floor(step / every)}: the rate is multiplied by {@code factor} every {@code every} steps.
     *
     * @param initial the rate of the first {@code every} steps, finite
     * @param factor  the multiplier, finite
     * @param every   the number of steps between multiplications, at least 1
     * @return the schedule
     */
    static LearningRateSchedule stepDecay(double initial, double factor, long every) {
        requireFinite(initial, "initial rate");
        requireFinite(factor, "factor");
        if (every <= 0) {
            throw new IllegalArgumentException("decay interval must be positive, was " + every);
        }
        return step -> initial * Math.pow(factor, step / every);
    }

    /**
     * Cosine annealing (Loshchilov and Hutter, SGDR):
     * {@code minimum + (initial - minimum) * (1 + cos(pi * step / steps)) / 2} for
     * {@code step < steps}, then {@code minimum}.
     *
     * @param initial the rate of the first step, finite
     * @param minimum the rate at and after {@code steps}, finite
     * @param steps   the length of the descent, at least 1
     * @return the schedule
     */
    static LearningRateSchedule cosine(double initial, double minimum, long steps) {
        requireFinite(initial, "initial rate");
        requireFinite(minimum, "minimum rate");
        if (steps <= 0) {
            throw new IllegalArgumentException("cosine schedule length must be positive, was " + steps);
        }
        return step -> step >= steps
                ? minimum
                : minimum + (initial - minimum) * 0.5 * (1.0 + Math.cos(Math.PI * step / steps));
    }

    private static void requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite, was " + value);
        }
    }
}
