package dev.dslc.runtime;

import java.lang.ref.SoftReference;

/**
 * The common training loop: for each epoch, shuffle the training examples
 * (seeded), run {@link Model#backward} over each mini-batch and let the
 * {@link Optimizer} take one step with the batch's mean gradient. A fraction of
 * the data can be held out (chosen once, from the same seed) and evaluated
 * after each epoch. Each epoch's losses and accuracies go to a
 * {@link TrainingListener} and into the returned {@link TrainingReport}; the
 * same seed, data and initial parameters give the same run, bit for bit.
 *
 * <p>Accuracy: for a model with one output, a prediction is right when it is
 * on the same side of 0.5 as the target's first element (above 0.5 counts as
 * positive); with several outputs, when the largest output is at the index of
 * the target's largest element (ties go to the earlier index).
 *
 * <p>Training stops early, before the bad step is applied, when a batch's
 * loss or any gradient is NaN or infinite; the reason names the parameter
 * element whose gradient went bad. On request, each epoch also reports every
 * parameter's gradient norm, with warnings when the first parameter's norm is
 * a tiny fraction of the last's (vanishing gradients) or any norm is huge
 * (exploding gradients).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(new Adam(0.01))
 *         .epochs(200).batchSize(16).heldOutFraction(0.2).seed(42L)
 *         .gradientNorms(true)
 *         .listener(epoch -> System.out.println(epoch))
 *         .build();
 * TrainingReport report = trainer.train(new Xor(42L), new Dataset(inputs, targets));
 * }</pre>
 *
 * <p>Mini-batches are spread over {@link Builder#threads threads}, one per
 * core by default, each with its own copy of the model (made through the
 * class's public no-argument constructor, which every generated class has; a
 * model without one trains on one thread). A batch is cut into blocks of
 * {@value BlockBackward#BLOCK_SIZE} examples whatever the thread count, each
 * block's gradient is summed by the generated {@code backwardBatch}, and the
 * block gradients are added in block order before the one optimiser step: so
 * 1, 2 or 8 threads give the same parameters, bit for bit. A batch of up to
 * 32 examples is one block, and trains on one thread.
 *
 * <p>{@link #lbfgsBuilder} makes a trainer that minimises the mean loss over
 * the whole training set with {@link Lbfgs} instead: each epoch is one
 * iteration, the full batch's gradient summed on the threads as a mini-batch's.
 *
 * <p>A trainer uses its optimiser's state, so use one trainer per model. It
 * keeps the other threads' copies of the model between calls of
 * {@code train} (softly referenced, so that the garbage collector can take
 * them back), so that training epoch by epoch does not make them again.
 */
public final class Trainer {
    /** The step rule of mini-batch training; null when {@link #lbfgs} trains on the full batch instead. */
    private final Optimizer optimizer;
    private final Lbfgs lbfgs;
    private final TrainingSettings settings;
    private final TrainingListener listener;
    /**
     * The other threads' copies of the model from the last run, for the next: a copy costs a run of the class's
     * initialisers (2.4 ms at 784-128-10), as much as a few batches. Softly held, so memory that runs short
     * takes them back.
     */
    private SoftReference<Model[]> copies = new SoftReference<>(null);

    private Trainer(Optimizer optimizer, Lbfgs lbfgs, TrainingSettings settings, TrainingListener listener) {
        this.optimizer = optimizer;
        this.lbfgs = lbfgs;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Starts a trainer that updates with {@code optimizer}; everything else has a default.
     *
     * @param optimizer the update rule, with its learning rate; it keeps state for one model
     * @return a builder of the other settings
     */
    public static Builder builder(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        return new Builder(optimizer, null);
    }

    /**
     * Starts a trainer that minimises the mean loss over the whole training set with L-BFGS: each epoch is one
     * L-BFGS iteration, whose line search evaluates the full batch's loss and gradient (on the
     * {@link Builder#threads threads}, as a mini-batch's) once or more. Epochs are then the most iterations; training
     * ends sooner when L-BFGS converges (see {@link TrainingListener#converged}). There is no batch size to set.
     * Each {@link EpochResult} holds the mean loss and accuracy at the point the iteration reached, and as its
     * learning rate the step the line search took along the iteration's direction.
     *
     * <pre>{@code
     * Trainer trainer = Trainer.lbfgsBuilder(Lbfgs.builder().build()).epochs(100).build();
     * TrainingReport report = trainer.train(new Iris(1L), data);   // report.epochs().size() <= 100
     * }</pre>
     *
     * @param lbfgs the optimiser, with its tolerances
     * @return a builder of the other settings
     */
    public static Builder lbfgsBuilder(Lbfgs lbfgs) {
        if (lbfgs == null) {
            throw new IllegalArgumentException("lbfgs is null");
        }
        return new Builder(null, lbfgs);
    }

    /**
     * Trains {@code model} on {@code data} in place and reports each epoch.
     *
     * @param model the model to train
     * @param data  the examples; the held-out fraction of them is split off first
     * @return the epochs' results, and why training stopped early if it did
     */
    public TrainingReport train(Model model, Dataset data) {
        data.requireFits(model);
        return run(new TrainingRun(model, data, null, optimizer, lbfgs, settingsFor(model), listener, copies.get()));
    }

    /**
     * Trains {@code model} on all of {@code training} and evaluates it on all of
     * {@code heldOut} after each epoch, for data that comes with its own test set.
     * The held-out fraction must then be 0.
     *
     * <pre>{@code
     * TrainingReport report = trainer.train(model, CsvFile.read(trainFile, model), CsvFile.read(testFile, model));
     * }</pre>
     *
     * @param model    the model to train
     * @param training the examples to train on
     * @param heldOut  the examples to evaluate on after each epoch
     * @return the epochs' results, and why training stopped early if it did
     */
    public TrainingReport train(Model model, Dataset training, Dataset heldOut) {
        if (settings.heldOutFraction() != 0.0) {
            throw new IllegalArgumentException("a held-out fraction (" + settings.heldOutFraction()
                    + ") and a held-out data set: give one or the other");
        }
        training.requireFits(model);
        heldOut.requireFits(model);
        return run(new TrainingRun(model, training, heldOut, optimizer, lbfgs, settingsFor(model), listener,
                copies.get()));
    }

    private TrainingReport run(TrainingRun run) {
        TrainingReport report = run.run();
        copies = new SoftReference<>(run.copies());
        return report;
    }

    /** The settings with the thread count resolved for {@code model}. */
    private TrainingSettings settingsFor(Model model) {
        if (settings.threads() == 0) {
            return settings.withThreads(Replicas.canCopy(model) ? Runtime.getRuntime().availableProcessors() : 1);
        }
        if (settings.threads() > 1 && !Replicas.canCopy(model)) {
            throw new IllegalArgumentException("training on " + settings.threads() + " threads needs a copy of the"
                    + " model per thread, made with a public no-argument constructor, and "
                    + model.getClass().getName() + " has none; train it on 1 thread");
        }
        return settings;
    }

    /** Settings for a {@link Trainer}; the defaults are shown on each method, and checked by {@link #build}. */
    public static final class Builder {
        private final Optimizer optimizer;
        private final Lbfgs lbfgs;
        private int epochs = 10;
        private int batchSize = 32;
        private boolean batchSizeSet;
        private double heldOutFraction;
        private long seed;
        private boolean gradientNorms;
        private double vanishingRatio = 1e-3;
        private double explodingNorm = 1e3;
        private TrainingListener listener = epoch -> { };
        private int threads;

        private Builder(Optimizer optimizer, Lbfgs lbfgs) {
            this.optimizer = optimizer;
            this.lbfgs = lbfgs;
        }

        /**
         * Passes over the training data (default 10); with L-BFGS, the most iterations.
         *
         * @param epochs the number of epochs
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Examples per optimiser step (default 32); the last batch of an epoch may be smaller. Not for L-BFGS,
         * which uses every training example at each evaluation.
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            this.batchSizeSet = true;
            return this;
        }

        /**
         * The fraction of examples, in [0, 1), kept out of training and evaluated after each epoch (default 0).
         *
         * @param fraction the held-out fraction
         * @return this builder
         */
        public Builder heldOutFraction(double fraction) {
            this.heldOutFraction = fraction;
            return this;
        }

        /**
         * Seeds the held-out split and the shuffles (default 0).
         *
         * @param seed any number
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether to measure per-parameter gradient norms and warn about them (default false).
         *
         * @param measure true to measure
         * @return this builder
         */
        public Builder gradientNorms(boolean measure) {
            this.gradientNorms = measure;
            return this;
        }

        /**
         * Warn of vanishing gradients when the first parameter's norm is below {@code ratio} times
         * the last's (default 1e-3), and of exploding ones when any norm is above {@code norm} (default 1e3).
         *
         * @param ratio the smallest ratio of the first parameter's norm to the last's that is not vanishing
         * @param norm  the largest norm that is not exploding
         * @return this builder
         */
        public Builder gradientWarnings(double ratio, double norm) {
            this.vanishingRatio = ratio;
            this.explodingNorm = norm;
            return this;
        }

        /**
         * Threads that sum each batch's gradient (default 0: one per available processor, or 1 for a model
         * that cannot be copied). The result does not depend on it.
         *
         * @param threads how many, or 0 for one per available processor
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Who hears about each epoch (default: nobody).
         *
         * @param listener told of each epoch, warning and early stop
         * @return this builder
         */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener is null");
            }
            this.listener = listener;
            return this;
        }

        /**
         * {@return the trainer} Checks the settings first.
         *
         * @throws IllegalArgumentException naming a setting that is out of range
         */
        public Trainer build() {
            if (lbfgs != null && batchSizeSet) {
                throw new IllegalArgumentException("L-BFGS is full-batch: it uses every training example at each"
                        + " evaluation, so it takes no batch size (" + batchSize + ")");
            }
            TrainingSettings settings = new TrainingSettings(epochs, batchSize, heldOutFraction, seed,
                    gradientNorms, vanishingRatio, explodingNorm, threads);
            return new Trainer(optimizer, lbfgs, settings, listener);
        }
    }
}
