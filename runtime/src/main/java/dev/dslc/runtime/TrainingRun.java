package dev.dslc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One call of {@link Trainer#train}: the split, the shuffles and the per-epoch
 * tallies. Buffers and threads are made once here, so the per-example loop
 * allocates nothing. With L-BFGS instead of an optimiser, an epoch is one
 * L-BFGS iteration over the whole training set (see {@link FullBatchObjective}).
 */
final class TrainingRun {
    private final Model model;
    private final Dataset data;
    private final Optimizer optimizer;
    private final Lbfgs lbfgs;
    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final ExampleOrder order;
    private final int[] training;
    private final Dataset heldOut;
    private final double[] output;
    private final GradientMonitor monitor;
    /** Copies of the model from an earlier run, which the threads may reuse; then the ones this run used. */
    private Model[] spareCopies;
    private double lossSum;
    private int correct;

    /** Holds out part of {@code data} by the settings' fraction, or, when {@code heldOutData} is not null, all of it. */
    TrainingRun(Model model, Dataset data, Dataset heldOutData, Optimizer optimizer, Lbfgs lbfgs,
                TrainingSettings settings, TrainingListener listener, Model[] spareCopies) {
        this.spareCopies = spareCopies;
        this.model = model;
        this.data = data;
        this.optimizer = optimizer;
        this.lbfgs = lbfgs;
        this.settings = settings;
        this.listener = listener;
        this.order = new ExampleOrder(data.size(), heldOutData != null ? 0.0 : settings.heldOutFraction(),
                settings.seed());
        this.training = order.trainingIndices();
        this.heldOut = heldOutData != null ? heldOutData : data.subset(order.heldOutIndices());
        this.output = new double[model.outputSize()];
        this.monitor = new GradientMonitor(model.parameterLayout(), settings.vanishingRatio(),
                settings.explodingNorm());
    }

    TrainingReport run() {
        model.zeroGradients();
        int batch = lbfgs != null ? training.length : settings.batchSize();
        int threads = Math.min(settings.threads(), GradientWorkers.blockCount(batch));
        try (GradientWorkers workers = new GradientWorkers(model, data, training, batch, threads,
                GradientWorkers.SLOT_BUDGET, optimizer, settings.gradientNorms(), spareCopies)) {
            spareCopies = workers.copies();
            return lbfgs != null ? runLbfgs(workers) : run(workers);
        }
    }

    /** {@return the copies of the model the threads used, for another run} */
    Model[] copies() {
        return spareCopies;
    }

    private TrainingReport run(GradientWorkers workers) {
        List<EpochResult> results = new ArrayList<>(settings.epochs());
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            String problem = trainEpoch(workers);
            if (problem != null) {
                // the bad step was not taken; leave the model ready for another attempt
                model.zeroGradients();
                String reason = "epoch " + epoch + ": " + problem;
                listener.stopped(reason);
                return new TrainingReport(results, Optional.of(reason));
            }
            EpochResult result = finishEpoch(epoch);
            results.add(result);
            result.warnings().forEach(listener::warning);
            listener.epochFinished(result);
        }
        return new TrainingReport(results, Optional.empty());
    }

    /** Runs every batch of one epoch; returns what went wrong, or null. */
    private String trainEpoch(GradientWorkers workers) {
        lossSum = 0.0;
        correct = 0;
        monitor.reset();
        order.shuffleTraining();
        for (int start = 0; start < training.length; start += settings.batchSize()) {
            int end = Math.min(start + settings.batchSize(), training.length);
            String problem = trainBatch(workers, start, end);
            if (problem != null) {
                return "batch " + (start / settings.batchSize() + 1) + ": " + problem;
            }
        }
        // the threads may still be writing their slices of the last step, which the epoch's evaluation reads
        workers.sync();
        return null;
    }

    private String trainBatch(GradientWorkers workers, int start, int end) {
        double batchLoss = workers.accumulate(start, end);
        correct += workers.takeCorrect();
        double[] gradients = model.gradients();
        if (workers.stepped()) {
            // the step was taken on the threads; the gradients are still there only when their norms are wanted
            if (settings.gradientNorms()) {
                monitor.accumulate(gradients, 1.0 / (end - start));
                model.zeroGradients();
            }
            lossSum += batchLoss;
            return null;
        }
        String problem = nonFinite(gradients, batchLoss, "batch loss");
        if (problem != null) {
            return problem;
        }
        if (settings.gradientNorms()) {
            monitor.accumulate(gradients, 1.0 / (end - start));
        }
        optimizer.step(model, end - start);
        workers.parametersChanged();
        lossSum += batchLoss;
        return null;
    }

    /** What is NaN or infinite among the gradients and the loss, or null. */
    private String nonFinite(double[] gradients, double loss, String lossName) {
        int bad = GradientMonitor.firstNonFinite(gradients);
        if (bad >= 0) {
            return monitor.describeNonFinite(gradients, bad) + " (" + lossName + " " + loss + ")";
        }
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss + " though every gradient is finite; " + monitor.describeLargest(gradients);
        }
        return null;
    }

    /**
     * Epochs of L-BFGS: each an iteration from the point the last one reached. Its loss and accuracy are those
     * at the new point, measured by the line search's evaluation there; its gradient norms are the new point's.
     */
    private TrainingReport runLbfgs(GradientWorkers workers) {
        FullBatchObjective objective = new FullBatchObjective(model, workers, training.length,
                lbfgs.lineSearchEvaluations());
        List<EpochResult> results = new ArrayList<>(settings.epochs());
        Lbfgs.Stop stop = lbfgs.start(objective, model.parameters(),
                TrainableRanges.of(model.parameterLayout(), model.parameterCount()));
        if (stop == Lbfgs.Stop.NOT_FINITE) {
            String reason = "iteration 1: at the start, "
                    + nonFinite(lbfgs.gradient(), lbfgs.value(), "mean loss");
            listener.stopped(reason);
            return new TrainingReport(results, Optional.of(reason));
        }
        for (int epoch = 1; stop == null && epoch <= settings.epochs(); epoch++) {
            objective.beginIteration();
            stop = lbfgs.iterate();
            if (stop == Lbfgs.Stop.NO_DESCENT) {
                break;
            }
            objective.keep(lbfgs.acceptedEvaluation());
            lossSum = lbfgs.value() * training.length;
            correct = objective.correct();
            monitor.reset();
            if (settings.gradientNorms()) {
                monitor.accumulate(lbfgs.gradient(), 1.0);
            }
            EpochResult result = finishEpoch(epoch, lbfgs.lastStep());
            results.add(result);
            result.warnings().forEach(listener::warning);
            listener.epochFinished(result);
        }
        if (stop != null) {
            listener.converged("L-BFGS stopped after " + results.size() + " iterations: " + describe(stop)
                    + (stop == Lbfgs.Stop.LINE_SEARCH_FAILED ? " (" + lbfgs.lastSearch() + ")" : ""));
        }
        return new TrainingReport(results, Optional.empty());
    }

    private static String describe(Lbfgs.Stop stop) {
        return switch (stop) {
            case GRADIENT_TOLERANCE -> "every gradient element is within the tolerance of 0";
            case STEP_TOLERANCE -> "the step was within the change tolerance";
            case VALUE_TOLERANCE -> "the loss changed by less than the change tolerance";
            case NO_DESCENT -> "the direction no longer goes downhill";
            case LINE_SEARCH_FAILED -> "the line search found no lower loss";
            default -> stop.name();
        };
    }

    private EpochResult finishEpoch(int epoch) {
        return finishEpoch(epoch, optimizer.nextLearningRate());
    }

    private EpochResult finishEpoch(int epoch, double learningRate) {
        double heldOutLoss = Double.NaN;
        double heldOutAccuracy = Double.NaN;
        if (heldOut.size() > 0) {
            Evaluation evaluation = Evaluation.of(model, heldOut);
            heldOutLoss = evaluation.loss();
            heldOutAccuracy = evaluation.accuracy();
        }
        double trainingAccuracy = Accuracy.applies(model.targetSize()) ? (double) correct / training.length : Double.NaN;
        return new EpochResult(epoch, lossSum / training.length, trainingAccuracy,
                heldOutLoss, heldOutAccuracy, learningRate,
                settings.gradientNorms() ? monitor.norms() : List.of(),
                settings.gradientNorms() ? monitor.warnings() : List.of());
    }
}
