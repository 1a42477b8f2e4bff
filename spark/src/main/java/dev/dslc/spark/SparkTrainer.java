package dev.dslc.spark;

import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.ExampleOrder;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Optimizer;
import dev.dslc.runtime.Parameter;
import dev.dslc.runtime.TrainingReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains a generated model on a {@link SparkExamples} data set by
 * synchronous data-parallel mini-batch descent, the scheme of Spark MLlib's
 * {@code GradientDescent}. Each iteration broadcasts the parameters; each
 * partition makes one model instance and sums the gradient of its examples in
 * the mini-batch with the generated {@code backwardBatch}; {@code
 * treeAggregate} adds the partitions' sums; the runtime's own
 * {@link Optimizer} takes one step on the driver with the mean gradient.
 *
 * <p>Epochs, batch size, held-out fraction and seed mean what they mean for
 * {@code dev.dslc.runtime.Trainer}: the same {@link ExampleOrder} picks the
 * held-out examples and shuffles the others before each epoch, and batch
 * {@code k} is the shuffled examples {@code k * batch} to {@code (k + 1) *
 * batch - 1}. So with the same seed a run on Spark visits the same batches
 * as a local run; only the order in which a batch's gradients are added
 * differs, in the last bits.
 *
 * <pre>{@code
 * SparkExamples data = SparkExamples.readCsv(spark, "hdfs:///digits.csv", Digits.INPUT_SIZE, Digits.TARGET_SIZE);
 * Digits model = new Digits(1L);
 * TrainingReport report = SparkTrainer.builder(new Adam(0.01))
 *         .epochs(10).batchSize(64).heldOutFraction(0.2).seed(1L)
 *         .checkpoint(Path.of("digits.params"))      // written after each epoch, atomically
 *         .build()
 *         .train(model, data);
 * }</pre>
 *
 * <p>Training stops, before the step, when a batch's loss or gradient is NaN
 * or infinite, as locally. A trainer uses its optimiser's state: one per model.
 */
public final class SparkTrainer {
    private final Optimizer optimizer;
    private final SparkTrainerBuilder settings;

    SparkTrainer(Optimizer optimizer, SparkTrainerBuilder settings) {
        this.optimizer = optimizer;
        this.settings = settings;
    }

    /** Starts a trainer that updates with {@code optimizer}; the rest has defaults (see {@link SparkTrainerBuilder}). */
    public static SparkTrainerBuilder builder(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        return new SparkTrainerBuilder(optimizer);
    }

    /**
     * Trains {@code model} (on the driver; the executors make their own instances of its class) on {@code data}
     * in place, from the epoch after {@link SparkTrainerBuilder#resumeAfter} on.
     *
     * @throws SparkTrainingException for a model class the executors cannot load, or one they load differently
     */
    public TrainingReport train(Model model, SparkExamples data) {
        return train(model, data, null);
    }

    /**
     * Trains on all of {@code training} and evaluates on all of {@code heldOut} after each epoch, for data that
     * comes with its own test set; the held-out fraction must then be 0.
     */
    public TrainingReport train(Model model, SparkExamples training, SparkExamples heldOut) {
        if (heldOut != null && settings.heldOutFraction != 0.0) {
            throw new IllegalArgumentException("a held-out fraction (" + settings.heldOutFraction
                    + ") and a held-out data set: give one or the other");
        }
        // with a held-out data set the fraction is 0 (checked above), so every example trains
        ExampleOrder order = new ExampleOrder((int) training.count(), settings.heldOutFraction, settings.seed);
        return run(model, training, heldOut, order);
    }

    private TrainingReport run(Model model, SparkExamples data, SparkExamples heldOutData, ExampleOrder order) {
        JavaSparkContext spark = data.spark();
        int heldOutCount = order.heldOut().length;
        for (int epoch = 1; epoch <= settings.resumeAfter; epoch++) {
            order.nextEpoch();   // the shuffles of the epochs already done
        }
        model.zeroGradients();
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = settings.resumeAfter + 1; epoch <= settings.epochs; epoch++) {
            int[] visit = order.nextEpoch();
            Broadcast<int[]> positions = spark.broadcast(positions((int) data.count(), visit));
            try {
                EpochPass pass = new EpochPass(spark, model, data, positions);
                String problem = pass.train(optimizer, visit.length, settings.batchSize);
                if (problem != null) {
                    model.zeroGradients();
                    String reason = "epoch " + epoch + ": " + problem;
                    settings.listener.stopped(reason);
                    return new TrainingReport(results, Optional.of(reason));
                }
                EpochResult result = pass.result(epoch, heldOutData, heldOutCount, optimizer.nextLearningRate());
                results.add(result);
                settings.checkpoint.save(model, epoch);
                settings.listener.epochFinished(result);
            } finally {
                positions.destroy();
            }
        }
        return new TrainingReport(results, Optional.empty());
    }

    /** Each example's place in the epoch's order, or {@link PartitionPass#HELD_OUT}. */
    private static int[] positions(int count, int[] visit) {
        int[] position = new int[count];
        Arrays.fill(position, PartitionPass.HELD_OUT);
        for (int k = 0; k < visit.length; k++) {
            position[visit[k]] = k;
        }
        return position;
    }

    /** What is wrong with a batch's gradient, or null: the first non-finite element, named by its parameter. */
    static String nonFinite(Model model, double loss) {
        double[] gradient = model.gradients();
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                return "the gradient of " + parameterElement(model, i) + " is " + gradient[i]
                        + " (batch loss " + loss + ")";
            }
        }
        return Double.isFinite(loss) ? null : "the loss is " + loss + " though every gradient is finite";
    }

    private static String parameterElement(Model model, int index) {
        for (Parameter parameter : model.parameterLayout()) {
            if (index >= parameter.offset() && index < parameter.offset() + parameter.size()) {
                return "element " + (index - parameter.offset()) + " of " + parameter.name()
                        + " (parameters()[" + index + "])";
            }
        }
        return "parameters()[" + index + "]";
    }
}
