package dev.dslc.runtime;

import java.util.Map;

/**
 * The optimisers a command line names: {@code sgd}, {@code momentum} (SGD
 * with momentum 0.9) and {@code adam}, with a {@code constant} or
 * {@code cosine} learning rate, as {@code dslc train} and dslc-spark's
 * {@code TrainJob} take them. {@code dslc train} also names {@code lbfgs},
 * which is not a per-batch {@link Optimizer} but {@link Lbfgs} through
 * {@link Trainer#lbfgsBuilder}; its "learning rate" is the step each line
 * search tries first.
 *
 * <pre>{@code
 * Optimizer adam = OptimizerChoice.create("adam", 0.001, "cosine", 10 * 469);   // decays to 0 over 4,690 steps
 * }</pre>
 */
public final class OptimizerChoice {
    /** The learning rate for each optimiser when none is given; for lbfgs, its first step, PyTorch's {@code lr}. */
    public static final Map<String, Double> DEFAULT_LEARNING_RATES =
            Map.of("sgd", 0.1, "momentum", 0.01, "adam", 0.001, "lbfgs", 1.0);
    private static final double MOMENTUM = 0.9;

    private OptimizerChoice() {
    }

    /**
     * A new optimiser {@code name} (sgd, momentum or adam, else adam) with the rate {@code learningRate}, constant,
     * or for {@code schedule} "cosine" decaying to 0 over {@code steps} steps.
     *
     * @param name         sgd, momentum or adam
     * @param learningRate the rate, or the cosine schedule's first rate
     * @param schedule     "cosine", or anything else for a constant rate
     * @param steps        how many steps the cosine schedule spans
     * @return the optimiser
     * @throws IllegalArgumentException for lbfgs, which is not a per-batch optimiser
     */
    public static Optimizer create(String name, double learningRate, String schedule, long steps) {
        if (name.equals("lbfgs")) {
            throw new IllegalArgumentException("lbfgs is full-batch, not a per-batch Optimizer: train with"
                    + " Trainer.lbfgsBuilder(Lbfgs.builder().initialStep(" + learningRate + ").build())");
        }
        LearningRateSchedule rate = schedule.equals("cosine")
                ? LearningRateSchedule.cosine(learningRate, 0.0, Math.max(1, steps))
                : LearningRateSchedule.constant(learningRate);
        return switch (name) {
            case "sgd" -> new Sgd(rate, 0.0);
            case "momentum" -> new Sgd(rate, MOMENTUM);
            default -> new Adam(rate);
        };
    }
}
