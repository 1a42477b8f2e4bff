package dev.dslc.runtime;

/**
 * Hears what a {@link Trainer} does, epoch by epoch, so a command line tool
 * can print progress. Called on the training thread.
 *
 * <pre>{@code
 * TrainingListener printer = new TrainingListener() {
 *     public void epochFinished(EpochResult epoch) { System.out.println(epoch); }
 *     public void warning(String message) { System.err.println("warning: " + message); }
 *     public void stopped(String reason) { System.err.println("stopped: " + reason); }
 * };
 * TrainingListener quiet = epoch -> { };
 * }</pre>
 */
@FunctionalInterface
public interface TrainingListener {

    /**
     * An epoch has finished.
     *
     * @param epoch its losses, accuracies and (if requested) gradient norms
     */
    void epochFinished(EpochResult epoch);

    /**
     * Something looks wrong but training goes on: vanishing or exploding gradients.
     *
     * @param message what was seen, in a sentence; also in the epoch's {@link EpochResult#warnings()}
     */
    default void warning(String message) {
    }

    /**
     * Training stopped before the last epoch, because a loss or gradient was NaN or infinite.
     *
     * @param reason which value, in which epoch; also the report's {@link TrainingReport#stopReason()}
     */
    default void stopped(String reason) {
    }

    /**
     * Training ended before the last epoch because the optimiser converged: L-BFGS met a tolerance, or could
     * not lower the loss any further. Not an error; the report's {@link TrainingReport#completed()} is true.
     *
     * @param reason after how many iterations, and which condition
     */
    default void converged(String reason) {
    }
}
