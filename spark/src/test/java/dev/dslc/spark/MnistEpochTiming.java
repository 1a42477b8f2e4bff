package dev.dslc.spark;

import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Sgd;
import dev.dslc.runtime.Trainer;
import dev.dslc.spark.models.Mnist;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The measurement of docs/spark.md, not a test: one epoch of the MNIST sample
 * (784-16-16-10, 15,000 examples, batch 1,024) through Spark local[2] and
 * through the local trainer on 2 threads, alternated in one JVM, and the cost
 * of a Spark iteration that computes nothing. Run as docs/spark.md shows.
 */
public final class MnistEpochTiming {
    private static final String DATA = "../samples/data/mnist-train-15000.csv.gz";
    private static final int BATCH = 1024;
    private static final ClassTag<GradientSum> SUM = ClassTag$.MODULE$.apply(GradientSum.class);

    private MnistEpochTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        JavaSparkContext spark = SparkSession.get();
        SparkExamples onSpark = SparkExamples.readCsv(spark, DATA, Mnist.INPUT_SIZE, Mnist.TARGET_SIZE);
        Dataset local = CsvFile.read(Path.of(DATA), Mnist.INPUT_SIZE, Mnist.TARGET_SIZE);
        Mnist sparkModel = new Mnist(1L);
        Mnist localModel = new Mnist(1L);
        SparkTrainer sparkTrainer = SparkTrainer.builder(new Sgd(0.05)).epochs(1).batchSize(BATCH).build();
        Trainer localTrainer = Trainer.builder(new Sgd(0.05)).epochs(1).batchSize(BATCH).threads(2).build();
        double[] sparkTimes = new double[rounds];
        double[] localTimes = new double[rounds];
        double[] emptyTimes = new double[rounds];
        int iterations = (local.size() + BATCH - 1) / BATCH;
        for (int round = -2; round < rounds; round++) {   // two rounds of warm-up
            long start = System.nanoTime();
            sparkTrainer.train(sparkModel, onSpark);
            long sparkEnd = System.nanoTime();
            localTrainer.train(localModel, local);
            long localEnd = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                emptyIteration(spark, onSpark, sparkModel.parameters());
            }
            long emptyEnd = System.nanoTime();
            if (round >= 0) {
                sparkTimes[round] = (sparkEnd - start) / 1e6;
                localTimes[round] = (localEnd - sparkEnd) / 1e6;
                emptyTimes[round] = (emptyEnd - localEnd) / 1e6;
            }
        }
        double sparkMedian = median(sparkTimes);
        double localMedian = median(localTimes);
        double emptyMedian = median(emptyTimes);
        System.out.printf(Locale.ROOT, "one epoch, %d examples, batch %d (%d iterations), median of %d:%n",
                local.size(), BATCH, iterations, rounds);
        System.out.printf(Locale.ROOT, "  local trainer, 2 threads: %8.1f ms %s%n", localMedian,
                Arrays.toString(localTimes));
        System.out.printf(Locale.ROOT, "  Spark local[2]:           %8.1f ms %s%n", sparkMedian,
                Arrays.toString(sparkTimes));
        System.out.printf(Locale.ROOT, "  Spark / local:            %8.2f%n", sparkMedian / localMedian);
        System.out.printf(Locale.ROOT, "  empty Spark iterations:   %8.1f ms (%.1f ms each) %s%n", emptyMedian,
                emptyMedian / iterations, Arrays.toString(emptyTimes));
        spark.stop();
    }

    /**
     * An iteration that broadcasts the parameters and aggregates a value per partition, computing nothing: the
     * trainer's own job (the Scala API, function classes, {@code treeAggregate}, the broadcast destroyed without
     * waiting) with a pass that only reads the broadcast.
     */
    private static void emptyIteration(JavaSparkContext spark, SparkExamples data, double[] parameters) {
        Broadcast<double[]> broadcast = spark.broadcast(parameters.clone());
        data.rdd().rdd().mapPartitions(new Touch(broadcast), false, SUM)
                .treeAggregate(new GradientSum(), GradientSum.ADD, GradientSum.ADD, EpochPass.TREE_DEPTH, SUM);
        broadcast.destroy(false);
    }

    /** Reads the broadcast parameters and returns an empty sum. */
    private static final class Touch extends AbstractFunction1<Iterator<IndexedExample>, Iterator<GradientSum>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<double[]> parameters;

        Touch(Broadcast<double[]> parameters) {
            this.parameters = parameters;
        }

        @Override
        public Iterator<GradientSum> apply(Iterator<IndexedExample> examples) {
            GradientSum sum = new GradientSum();
            sum.loss = parameters.value()[0];
            return scala.collection.Iterator$.MODULE$.single(sum);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
