package dev.dslc.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Trainer#train}: one result per finished epoch, and why
 * training stopped early if it did.
 *
 * <pre>{@code
 * TrainingReport report = trainer.train(model, data);
 * report.stopReason().ifPresent(System.err::println);
 * double finalLoss = report.lastEpoch().trainingLoss();
 * }</pre>
 *
 * @param epochs     the finished epochs, in order
 * @param stopReason present when a NaN or infinite loss or gradient ended training early
 */
public record TrainingReport(List<EpochResult> epochs, Optional<String> stopReason) {

    /**
     * Copies {@code epochs}, so that the report cannot change.
     *
     * @param epochs     the finished epochs, in order
     * @param stopReason present when a NaN or infinite loss or gradient ended training early
     */
    public TrainingReport {
        epochs = List.copyOf(epochs);
    }

    /** {@return true unless a NaN or infinite value stopped training: every epoch ran, or L-BFGS converged} */
    public boolean completed() {
        return stopReason.isEmpty();
    }

    /**
     * {@return the last finished epoch}
     *
     * @throws IllegalStateException if no epoch finished
     */
    public EpochResult lastEpoch() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch finished" + stopReason.map(r -> ": " + r).orElse(""));
        }
        return epochs.get(epochs.size() - 1);
    }
}
