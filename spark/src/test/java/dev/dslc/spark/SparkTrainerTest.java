package dev.dslc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Adam;
import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.Trainer;
import dev.dslc.spark.models.Digits;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;

/** Training through Spark local[2] computes what the local trainer computes. */
class SparkTrainerTest {
    static final String DIGITS = "../samples/data/optdigits-test.csv";

    @Test
    void fullBatchGradient_equalsTheLocalOne_to1e12() throws IOException {
        JavaSparkContext spark = SparkSession.get();
        SparkExamples data = SparkExamples.readCsv(spark, DIGITS, Digits.INPUT_SIZE, Digits.TARGET_SIZE);
        assertTrue(data.rdd().getNumPartitions() >= 2, "the data must be split for the test to mean anything");
        Digits model = new Digits(5L);
        int n = (int) data.count();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        Broadcast<double[]> parameters = spark.broadcast(model.parameters().clone());
        Broadcast<int[]> order = spark.broadcast(positions);
        GradientSum sum = EpochPass.aggregate(data.rdd(),
                new PartitionPass(Digits.class.getName(), parameters, order, 0, n));

        Dataset local = CsvFile.read(Path.of(DIGITS), Digits.INPUT_SIZE, Digits.TARGET_SIZE);
        assertEquals(local.size(), n);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss += model.backward(local.input(i), local.target(i));
        }
        assertEquals(n, sum.count);
        assertEquals(loss / n, sum.loss / n, 1e-12);
        double largest = 0;
        for (int i = 0; i < model.parameterCount(); i++) {
            assertEquals(model.gradients()[i] / n, sum.gradient[i] / n, 1e-12, "parameters()[" + i + "]");
            largest = Math.max(largest, Math.abs(model.gradients()[i] / n));
        }
        assertTrue(largest > 1e-3, "a gradient worth comparing: " + largest);
    }

    @Test
    void digits_reachTheLocalTrainersHeldOutAccuracy_withinHalfAPoint() throws IOException {
        SparkExamples data = SparkExamples.readCsv(SparkSession.get(), DIGITS, Digits.INPUT_SIZE,
                Digits.TARGET_SIZE);
        Digits onSpark = new Digits(1L);
        EpochResult spark = SparkTrainer.builder(new Adam(0.01)).epochs(6).batchSize(128).heldOutFraction(0.2)
                .seed(1L).build().train(onSpark, data).lastEpoch();

        Digits onCores = new Digits(1L);
        EpochResult local = Trainer.builder(new Adam(0.01)).epochs(6).batchSize(128).heldOutFraction(0.2).seed(1L)
                .threads(2).build()
                .train(onCores, CsvFile.read(Path.of(DIGITS), Digits.INPUT_SIZE, Digits.TARGET_SIZE)).lastEpoch();

        assertTrue(local.heldOutAccuracy() > 0.9, local.toString());
        assertEquals(local.heldOutAccuracy(), spark.heldOutAccuracy(), 0.005, spark + "\n" + local);
        assertEquals(local.trainingLoss(), spark.trainingLoss(), 1e-6, spark + "\n" + local);
    }
}
