package dev.dslc.spark;

import dev.dslc.runtime.Optimizer;
import dev.dslc.runtime.TrainingListener;
import java.nio.file.Path;

/** Settings for a {@link SparkTrainer}; each method shows its default, and {@link #build} checks them. */
public final class SparkTrainerBuilder {
    private final Optimizer optimizer;
    int epochs = 10;
    int batchSize = 32;
    double heldOutFraction;
    long seed;
    int resumeAfter;
    TrainingListener listener = epoch -> { };
    EpochCheckpoint checkpoint = new EpochCheckpoint(null);

    SparkTrainerBuilder(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /** Passes over the training data (default 10). */
    public SparkTrainerBuilder epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    /** Examples per optimiser step (default 32); the last batch of an epoch may be smaller. */
    public SparkTrainerBuilder batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** The fraction of examples, in [0, 1), kept out of training and evaluated after each epoch (default 0). */
    public SparkTrainerBuilder heldOutFraction(double fraction) {
        this.heldOutFraction = fraction;
        return this;
    }

    /** Seeds the held-out split and the shuffles (default 0), as for the local trainer. */
    public SparkTrainerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Who hears about each epoch (default: nobody). */
    public SparkTrainerBuilder listener(TrainingListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        this.listener = listener;
        return this;
    }

    /**
     * After each epoch, save the parameters to {@code file} (atomically, as {@code ParameterFile.save} does) and
     * the number of finished epochs to {@code file + ".epoch"} (default: save nothing).
     */
    public SparkTrainerBuilder checkpoint(Path file) {
        this.checkpoint = new EpochCheckpoint(file);
        return this;
    }

    /**
     * Goes on from a checkpoint: epochs 1 to {@code finishedEpochs} are not run again, though their shuffles are
     * replayed so that later epochs visit the same batches as an uninterrupted run (default 0). The model should
     * hold the checkpoint's parameters. The optimiser starts afresh: its moments and schedule restart.
     */
    public SparkTrainerBuilder resumeAfter(int finishedEpochs) {
        this.resumeAfter = finishedEpochs;
        return this;
    }

    /** Checks the settings; throws {@link IllegalArgumentException} naming any that is out of range. */
    public SparkTrainer build() {
        if (epochs < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs must be >= 0 and batch size > 0, were "
                    + epochs + " and " + batchSize);
        }
        if (!(heldOutFraction >= 0.0 && heldOutFraction < 1.0)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), was " + heldOutFraction);
        }
        if (resumeAfter < 0) {
            throw new IllegalArgumentException("finished epochs must be >= 0, was " + resumeAfter);
        }
        return new SparkTrainer(optimizer, this);
    }
}
