package dev.dslc.runtime;

/** The knobs of a {@link Trainer}, checked once when it is built; {@code threads} 0 means as many as there are cores. */
record TrainingSettings(int epochs, int batchSize, double heldOutFraction, long seed,
                        boolean gradientNorms, double vanishingRatio, double explodingNorm, int threads) {

    TrainingSettings {
        if (epochs < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("epochs must be >= 0 and batch size > 0, were "
                    + epochs + " and " + batchSize);
        }
        if (!(heldOutFraction >= 0.0 && heldOutFraction < 1.0)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), was " + heldOutFraction);
        }
        if (!(vanishingRatio >= 0.0) || !(explodingNorm > 0.0)) {
            throw new IllegalArgumentException("vanishing ratio must be >= 0 and exploding norm > 0, were "
                    + vanishingRatio + " and " + explodingNorm);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 1, or 0 for one per core, was " + threads);
        }
    }

    /** These settings with {@code threads} replaced. */
    TrainingSettings withThreads(int threads) {
        return new TrainingSettings(epochs, batchSize, heldOutFraction, seed, gradientNorms, vanishingRatio,
                explodingNorm, threads);
    }
}
