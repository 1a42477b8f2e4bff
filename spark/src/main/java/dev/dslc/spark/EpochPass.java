package dev.dslc.spark;

import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Optimizer;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** One epoch on Spark: a job per mini-batch, then one for the held-out examples; the tallies for its result. */
final class EpochPass {
    /** {@code treeAggregate}'s depth: partition sums are combined on the executors in two rounds. */
    static final int TREE_DEPTH = 2;
    private static final ClassTag<GradientSum> SUM = ClassTag$.MODULE$.apply(GradientSum.class);

    private final JavaSparkContext spark;
    private final Model model;
    private final SparkExamples data;
    private final Broadcast<int[]> positions;
    private double lossSum;
    private long correct;
    private long trained;

    EpochPass(JavaSparkContext spark, Model model, SparkExamples data, Broadcast<int[]> positions) {
        this.spark = spark;
        this.model = model;
        this.data = data;
        this.positions = positions;
    }

    /** Runs every batch; returns what went wrong, or null. */
    String train(Optimizer optimizer, int trainingCount, int batchSize) {
        for (int start = 0; start < trainingCount; start += batchSize) {
            int end = Math.min(start + batchSize, trainingCount);
            GradientSum sum = run(data, positions, start, end);
            System.arraycopy(sum.gradient, 0, model.gradients(), 0, sum.gradient.length);
            String problem = SparkTrainer.nonFinite(model, sum.loss);
            if (problem != null) {
                return "batch " + (start / batchSize + 1) + ": " + problem;
            }
            optimizer.step(model, end - start);
            lossSum += sum.loss;
            correct += sum.correct;
            trained += sum.count;
        }
        return null;
    }

    /**
     * The epoch's figures, with the held-out ones measured now through Spark: on {@code heldOutData} whole, or, when
     * it is null, on the examples held out of the training data.
     */
    EpochResult result(int epoch, SparkExamples heldOutData, int heldOutCount, double learningRate) {
        double heldOutLoss = Double.NaN;
        double heldOutAccuracy = Double.NaN;
        if (heldOutData != null || heldOutCount > 0) {
            GradientSum heldOut = heldOutData != null
                    ? run(heldOutData, null, PartitionPass.HELD_OUT, PartitionPass.HELD_OUT)
                    : run(data, positions, PartitionPass.HELD_OUT, PartitionPass.HELD_OUT);
            heldOutLoss = heldOut.loss / heldOut.count;
            heldOutAccuracy = (double) heldOut.correct / heldOut.count;
        }
        return new EpochResult(epoch, lossSum / trained, (double) correct / trained, heldOutLoss, heldOutAccuracy,
                learningRate, List.of(), List.of());
    }

    /** One Spark job over the examples of {@code examples} at positions {@code [from, to)}, or the held-out ones. */
    private GradientSum run(SparkExamples examples, Broadcast<int[]> order, int from, int to) {
        Broadcast<double[]> parameters = spark.broadcast(model.parameters().clone());
        try {
            GradientSum sum = aggregate(examples.rdd(),
                    new PartitionPass(model.getClass().getName(), parameters, order, from, to));
            if (sum.error != null) {
                throw new SparkTrainingException(sum.error);
            }
            if (from != PartitionPass.HELD_OUT && sum.count != to - from) {
                throw new IllegalStateException("batch of " + (to - from) + " examples, " + sum.count + " found");
            }
            return sum;
        } finally {
            // without waiting: the executors drop their copies while the driver steps (Spark MLlib does the same)
            parameters.destroy(false);
        }
    }

    /**
     * The iteration's one Spark job: {@code pass} on every partition, the partitions' sums added with
     * {@code treeAggregate}. Through Spark's Scala API with function classes, which its closure cleaner passes
     * over (see {@link PartitionPass}).
     */
    static GradientSum aggregate(JavaRDD<IndexedExample> examples, PartitionPass pass) {
        return examples.rdd().mapPartitions(pass, false, SUM)
                .treeAggregate(new GradientSum(), GradientSum.ADD, GradientSum.ADD, TREE_DEPTH, SUM);
    }
}
