package dev.dslc.runtime;

import java.util.Map;

/**
 * The optimisers a command line names: {@code sgd}, {@code momentum} (SGD
 * with momentum 0.9) and {@code adam}, with a {@code constant} or
 * {@code cosine} learning rate, as {@code dslc train} and dslc-spark's
 * {@code TrainJob} take them.
 *
 * <pre>{@code
 * Optimizer adam = OptimizerChoice.create("adam", 0.001, "cosine", 10 * 469);   // decays to 0 over 4,690 steps
 * }</pre>
 */
public final class OptimizerChoice {
    /** The learning rate for each optimiser when none is given. */
    public static final Map<String, Double> DEFAULT_LEARNING_RATES =
            Map.of("sgd", 0.1, "momentum", 0.01, "adam", 0.001);
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
     */
    public static Optimizer create(String name, double learningRate, String schedule, long steps) {
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
