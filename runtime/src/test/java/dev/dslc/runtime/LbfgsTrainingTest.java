package dev.dslc.runtime;

import static dev.dslc.runtime.TrainerTest.blobs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** L-BFGS through {@link Trainer}: full-batch losses, threads, constants, convergence and allocation. */
class LbfgsTrainingTest {

    /** Three blobs of {@code size} examples with two more inputs, for the 4-input {@link BatchedSoftmax}. */
    private static Dataset examples(int size, long seed) {
        Dataset blobs = blobs(size, seed);
        double[][] inputs = new double[blobs.size()][];
        double[][] targets = new double[blobs.size()][];
        for (int i = 0; i < blobs.size(); i++) {
            inputs[i] = new double[] {blobs.input(i)[0], blobs.input(i)[1], 1.0, blobs.input(i)[0] * 0.5};
            targets[i] = blobs.target(i).clone();
        }
        return new Dataset(inputs, targets);
    }

    private static final class Listener implements TrainingListener {
        final List<String> converged = new ArrayList<>();

        @Override
        public void epochFinished(EpochResult epoch) {
        }

        @Override
        public void converged(String reason) {
            converged.add(reason);
        }
    }

    @Test
    void eachEpochIsAnIteration_reportingTheFullBatchLossAtTheNewPoint() {
        Dataset data = examples(300, 7L);
        BatchedSoftmax model = new BatchedSoftmax();
        Listener listener = new Listener();
        TrainingReport report = Trainer.lbfgsBuilder(Lbfgs.builder().build()).epochs(200).threads(1)
                .listener(listener).build().train(model, data);
        // the blobs are separable: the loss goes down towards 0 until the gradient is within 1e-7
        assertEquals(25, report.epochs().size());
        assertTrue(report.lastEpoch().trainingLoss() < 1e-7, report.lastEpoch().toString());
        assertTrue(report.completed());
        Evaluation end = Evaluation.of(model, data);
        assertEquals(end.loss(), report.lastEpoch().trainingLoss(), 1e-12);
        assertEquals(end.accuracy(), report.lastEpoch().trainingAccuracy());
        for (int i = 1; i < report.epochs().size(); i++) {
            assertTrue(report.epochs().get(i).trainingLoss() <= report.epochs().get(i - 1).trainingLoss(),
                    "the loss never rises: epoch " + (i + 1));
        }
        assertEquals(1, listener.converged.size());
        assertEquals("L-BFGS stopped after 25 iterations: every gradient element is within the tolerance of 0",
                listener.converged.get(0));
    }

    @Test
    void anyThreadCount_givesTheSameParameters_bitForBit() {
        Dataset data = examples(500, 3L);
        double[][] results = new double[3][];
        for (int threads = 1; threads <= 3; threads++) {
            BatchedSoftmax model = new BatchedSoftmax();
            TrainingReport report = Trainer.lbfgsBuilder(Lbfgs.builder().history(5).build()).epochs(15)
                    .threads(threads).heldOutFraction(0.2).seed(2L).build().train(model, data);
            assertEquals(15, report.epochs().size());
            assertTrue(report.lastEpoch().hasHeldOut());
            results[threads - 1] = model.parameters().clone();
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(results[0], results[2]);
    }

    @Test
    void constants_neverMove() {
        LinearRegression linear = new LinearRegression(3);
        System.arraycopy(new double[] {0.5, -0.25, 2.0, 0.1}, 0, linear.parameters(), 0, 4);
        Model model = new ForwardingModel(linear) {
            private final List<Parameter> layout = List.of(new Parameter("w", 0, new int[] {3}, false),
                    new Parameter("b", 3, new int[0]));

            @Override
            public List<Parameter> parameterLayout() {
                return layout;
            }
        };
        double[][] inputs = {{1, 2, 3}, {0, 1, -1}, {2, 0, 1}};
        double[][] targets = {{10}, {1}, {4}};
        TrainingReport report = Trainer.lbfgsBuilder(Lbfgs.builder().build()).epochs(20).build()
                .train(model, new Dataset(inputs, targets));
        assertArrayEquals(new double[] {0.5, -0.25, 2.0}, java.util.Arrays.copyOf(model.parameters(), 3));
        // only b moves: to the mean of target - w.x, (10 - 6 + 1 + 2.25 + 4 - 3) / 3
        assertEquals(2.75, model.parameters()[3], 1e-9);
        assertTrue(report.completed());
    }

    @Test
    void aBatchSize_isAMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.lbfgsBuilder(Lbfgs.builder().build()).batchSize(16).build());
        assertEquals("L-BFGS is full-batch: it uses every training example at each evaluation, so it takes no"
                + " batch size (16)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.lbfgsBuilder(null));
    }

    @Test
    void aNonFiniteStart_stopsBeforeTheFirstIteration() {
        BatchedSoftmax model = new BatchedSoftmax();
        model.parameters()[0] = Double.NaN;
        TrainingReport report = Trainer.lbfgsBuilder(Lbfgs.builder().build()).epochs(5).build()
                .train(model, examples(40, 1L));
        assertEquals(List.of(), report.epochs());
        assertTrue(report.stopReason().orElseThrow().startsWith("iteration 1: at the start, the gradient of W["),
                report.stopReason().toString());
    }

    @Test
    void iterations_allocateNothing() {
        Dataset data = examples(200, 9L);
        BatchedSoftmax model = new BatchedSoftmax();
        int[] order = new ExampleOrder(data.size(), 0.0, 1L).trainingIndices();
        Lbfgs lbfgs = Lbfgs.builder().build();
        int[] ranges = TrainableRanges.of(model.parameterLayout(), model.parameterCount());
        double[] initial = model.parameters().clone();
        try (GradientWorkers workers = new GradientWorkers(model, data, order, data.size(), 1)) {
            FullBatchObjective objective = new FullBatchObjective(model, workers, data.size(), 25);
            int[] iterations = new int[1];
            Runnable run = () -> {
                System.arraycopy(initial, 0, model.parameters(), 0, initial.length);
                Lbfgs.Stop stop = lbfgs.start(objective, model.parameters(), ranges);
                for (int i = 0; i < 20 && stop == null; i++) {
                    objective.beginIteration();
                    stop = lbfgs.iterate();
                    iterations[0]++;
                }
            };
            double bytes = Allocations.bytesPerCall(run, 20);
            assertEquals(60, iterations[0], "20 iterations in each of the three runs");
            assertEquals(0.0, bytes, "bytes per iteration");
        }
    }

    @Test
    void onTwoThreads_theTrainerAllocatesLessThanAByteAnExample() {
        Dataset data = examples(2000, 5L);
        int epochs = 30;
        Allocations.EpochMeter meter = new Allocations.EpochMeter(5, epochs);
        TrainingReport report = Trainer.lbfgsBuilder(Lbfgs.builder().changeTolerance(0).gradientTolerance(0).build())
                .epochs(epochs).threads(2).listener(meter).build().train(new BatchedSoftmax(), data);
        assertEquals(epochs, report.epochs().size());
        assertEquals(2, meter.threadCount(), "the caller and one started thread");
        double perExample = (double) meter.bytes() / ((epochs - 5) * 2000L);
        assertTrue(perExample < 1.0, perExample + " bytes per example");
    }
}
