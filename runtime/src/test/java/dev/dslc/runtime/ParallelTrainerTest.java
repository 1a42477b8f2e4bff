package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParallelTrainerTest {

    /** Four Gaussian features, three classes whose centres differ in the first two. */
    static Dataset blobs(int size, long seed) {
        Random random = new Random(seed);
        double[][] inputs = new double[size][4];
        double[][] targets = new double[size][3];
        for (int i = 0; i < size; i++) {
            int k = random.nextInt(3);
            for (int j = 0; j < 4; j++) {
                inputs[i][j] = random.nextGaussian() + (j == 0 ? 2 * k : j == 1 ? -k : 0);
            }
            targets[i][k] = 1;
        }
        return new Dataset(inputs, targets);
    }

    private static Trainer trainer(int threads, int batch) {
        return Trainer.builder(new Adam(0.05)).epochs(4).batchSize(batch).heldOutFraction(0.2).seed(9L)
                .gradientNorms(true).threads(threads).build();
    }

    private record Run(double[] parameters, TrainingReport report) {
    }

    private static Run train(Supplier<Model> model, int threads, int batch, Dataset data) {
        Model trained = model.get();
        TrainingReport report = trainer(threads, batch).train(trained, data);
        return new Run(trained.parameters().clone(), report);
    }

    @Test
    void threadCount_changesNoBit_withBackwardBatchAndWithout() {
        Dataset data = blobs(1000, 2L);
        for (Supplier<Model> model : List.<Supplier<Model>>of(BatchedSoftmax::new, PublicSoftmax::new)) {
            // 100 = three full blocks and one of 4 (chance is 1/3)
            Run single = train(model, 1, 100, data);
            assertTrue(single.report().lastEpoch().heldOutAccuracy() > 0.6, single.report().toString());
            for (int threads : new int[] {2, 3, 8}) {
                Run parallel = train(model, threads, 100, data);
                assertArrayEquals(single.parameters(), parallel.parameters(), threads + " threads");
                assertEquals(single.report(), parallel.report(), threads + " threads");
            }
        }
    }

    @Test
    void oneBlock_isThePlainLoop_bitForBit() {
        Dataset data = blobs(96, 3L);
        BatchedSoftmax trained = new BatchedSoftmax();
        Trainer.builder(new Sgd(0.1, 0.9)).epochs(3).batchSize(32).seed(4L).threads(2).build().train(trained, data);
        PublicSoftmax byHand = new PublicSoftmax();
        Optimizer sgd = new Sgd(0.1, 0.9);
        ExampleOrder order = new ExampleOrder(data.size(), 0.0, 4L);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] visit = order.nextEpoch();
            for (int start = 0; start < visit.length; start += 32) {
                for (int i = start; i < start + 32; i++) {
                    byHand.backward(data.input(visit[i]), data.target(visit[i]));
                }
                sgd.step(byHand, 32);
            }
        }
        assertArrayEquals(byHand.parameters(), trained.parameters());
        assertEquals(9, trained.batchCalls);
        assertEquals(3 * 96, trained.batchedExamples);
    }

    @Test
    void generatedBackwardBatch_doesTheWork() {
        BatchedSoftmax model = new BatchedSoftmax();
        trainer(2, 64).train(model, blobs(500, 1L));
        // the calling thread's share, in blocks of at most 32 examples
        assertTrue(model.batchCalls > 0 && model.batchedExamples <= 32 * model.batchCalls, model.batchCalls + "");
        assertTrue(new BlockBackward(model).batched());
        assertFalse(new BlockBackward(new PublicSoftmax()).batched());
    }

    @Test
    void steadyState_allocatesLessThanAByteAnExample_onEveryThread() {
        Dataset data = blobs(2000, 5L);
        int epochs = 40;
        Allocations.EpochMeter meter = new Allocations.EpochMeter(5, epochs);
        Trainer.builder(new Adam(0.01)).epochs(epochs).batchSize(64).threads(2).listener(meter).build()
                .train(new BatchedSoftmax(), data);
        assertEquals(2, meter.threadCount(), "the caller and one started thread");
        double perExample = (double) meter.bytes() / ((epochs - 5) * 2000L);
        assertTrue(perExample < 1.0, perExample + " bytes per example");
    }

    @Test
    void threadsEnd_withTheRun_andAFailureOnAnyThreadReachesTheCaller() {
        Dataset data = blobs(640, 6L);
        trainer(4, 128).train(new BatchedSoftmax(), data);
        assertEquals(List.of(), trainerThreads());
        double[][] inputs = data.inputs();
        inputs[600][0] = 999;
        Dataset poisoned = new Dataset(inputs, data.targets());
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Trainer.builder(new Sgd(0.1)).epochs(2).batchSize(128).threads(4).build()
                        .train(new ThrowingSoftmax(), poisoned));
        assertTrue(thrown.getMessage().startsWith("example 999 on "), thrown.getMessage());
        assertEquals(List.of(), trainerThreads());
    }

    private static List<String> trainerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("dslc-trainer-") && thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    @Test
    void aModelThatCannotBeCopied_trainsOnOneThreadByDefault_andIsRefusedMore() {
        Dataset data = TrainerTest.blobs(300, 1L);
        TrainingReport report = Trainer.builder(new Sgd(0.1)).batchSize(64).build()
                .train(new SoftmaxRegression(2, 3), data);
        assertTrue(report.completed());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(new Sgd(0.1)).batchSize(64).threads(2).build()
                        .train(new SoftmaxRegression(2, 3), data));
        assertEquals("training on 2 threads needs a copy of the model per thread, made with a public no-argument"
                + " constructor, and dev.dslc.runtime.SoftmaxRegression has none; train it on 1 thread",
                refused.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(new Sgd(0.1)).threads(-1).build());
        assertEquals("threads must be >= 1, or 0 for one per core, was -1", negative.getMessage());
    }

    @Test
    void oneBatch_sameBitsForEveryThreadCountAndWaveShape() {
        Dataset data = blobs(300, 8L);
        int[] order = everyKth(300, 7);
        double[] expected = null;
        double expectedLoss = 0;
        // {threads, buffer budget in doubles}: 10 blocks of 32 (the last of 12) as 1 wave of 10 on one thread,
        // 5 waves of 1 per thread, 2 waves of 2 per thread (the second part full), 1 wave of 4, 2 waves of 1 on 8
        int parameters = new PublicSoftmax().parameterCount();
        int[][] shapes = {{1, 0}, {2, 0}, {3, 2 * 3 * parameters}, {3, 1 << 20}, {8, 0}};
        int[] perThread = {1, 1, 2, 4, 1};
        for (int s = 0; s < shapes.length; s++) {
            BatchedSoftmax model = new BatchedSoftmax();
            double loss;
            try (GradientWorkers workers = new GradientWorkers(model, data, order, 300, shapes[s][0], shapes[s][1],
                    null, false, null)) {
                assertEquals(perThread[s], workers.perThread, "shape " + s);
                loss = workers.accumulate(0, 300);
                assertEquals(300, workers.takeCorrect() + wrong(model, data, 300));
            }
            if (expected == null) {
                expected = model.gradients().clone();
                expectedLoss = loss;
                assertTrue(Math.abs(expected[0]) > 1e-3, "a gradient worth comparing");
            } else {
                assertArrayEquals(expected, model.gradients(), "shape " + s);
                assertEquals(expectedLoss, loss, 0.0, "shape " + s);
            }
        }
    }

    @Test
    void stepOnTheThreads_sameBitsAsTheCallersStep_forEveryThreadCountAndWaveShape() {
        Dataset data = blobs(300, 8L);
        int[] order = everyKth(300, 11);
        int parameters = new PublicSoftmax().parameterCount();
        int[][] shapes = {{1, 0}, {2, 0}, {3, 2 * 3 * parameters}, {3, 1 << 20}, {8, 0}};
        for (Supplier<Optimizer> optimizer : List.<Supplier<Optimizer>>of(() -> new Sgd(0.1, 0.9),
                () -> Adam.adamW(0.05, 0.01), () -> Sgd.nesterov(LearningRateSchedule.cosine(0.2, 0.01, 3), 0.5))) {
            // the caller's step, as before: sum on one thread, then Optimizer.step, twice
            BatchedSoftmax serial = new BatchedSoftmax();
            Optimizer serialOptimizer = optimizer.get();
            double[] firstSum = null;
            try (GradientWorkers workers = new GradientWorkers(serial, data, order, 300, 1, 0, null, false, null)) {
                for (int batch = 0; batch < 2; batch++) {
                    workers.accumulate(0, 300);
                    assertFalse(workers.stepped());
                    firstSum = batch == 0 ? serial.gradients().clone() : firstSum;
                    serialOptimizer.step(serial, 300);
                    workers.parametersChanged();
                }
            }
            for (int[] shape : shapes) {
                for (boolean keep : new boolean[] {false, true}) {
                    BatchedSoftmax model = new BatchedSoftmax();
                    Optimizer split = optimizer.get();
                    try (GradientWorkers workers = new GradientWorkers(model, data, order, 300, shape[0], shape[1],
                            split, keep, null)) {
                        workers.accumulate(0, 300);
                        assertTrue(workers.stepped());
                        if (keep) {
                            assertArrayEquals(firstSum, model.gradients(), "the kept sum");
                            model.zeroGradients();
                        }
                        // the second batch is summed on every thread's copy of the first step's parameters
                        workers.accumulate(0, 300);
                        workers.sync();
                    }
                    String where = shape[0] + " threads, budget " + shape[1] + ", " + split.getClass().getName();
                    assertArrayEquals(serial.parameters(), model.parameters(), where);
                    assertEquals(2, split.stepCount(), where);
                    assertEquals(serialOptimizer.nextLearningRate(), split.nextLearningRate(), 0.0, where);
                    if (!keep) {
                        assertArrayEquals(new double[parameters], model.gradients(), where);
                    }
                }
            }
        }
    }

    @Test
    void stepOnTheThreads_isNotTaken_whenTheBatchIsNotFinite() {
        Dataset data = blobs(256, 4L);
        double[][] inputs = data.inputs();
        inputs[200][3] = Double.POSITIVE_INFINITY;
        Dataset poisoned = new Dataset(inputs, data.targets());
        int[] order = everyKth(256, 1);
        BatchedSoftmax model = new BatchedSoftmax();
        double[] before = model.parameters().clone();
        Optimizer adam = new Adam(0.1);
        try (GradientWorkers workers = new GradientWorkers(model, poisoned, order, 256, 2, 1 << 20, adam, false,
                null)) {
            workers.accumulate(0, 256);
            assertFalse(workers.stepped());
            assertEquals(0, adam.stepCount());
            assertTrue(GradientMonitor.firstNonFinite(model.gradients()) >= 0, "the sum is left for the caller");
            workers.sync();
        }
        assertArrayEquals(before, model.parameters());
    }

    @Test
    void aTrainerCalledAgain_reusesItsCopies_andStillChangesNoBit() {
        Dataset data = blobs(640, 12L);
        Trainer parallel = Trainer.builder(new Sgd(0.1, 0.5)).epochs(1).batchSize(128).seed(3L).threads(3).build();
        Trainer single = Trainer.builder(new Sgd(0.1, 0.5)).epochs(1).batchSize(128).seed(3L).threads(1).build();
        BatchedSoftmax onThree = new BatchedSoftmax();
        BatchedSoftmax onOne = new BatchedSoftmax();
        for (int call = 0; call < 3; call++) {
            parallel.train(onThree, data);
            single.train(onOne, data);
            assertArrayEquals(onOne.parameters(), onThree.parameters(), "call " + call);
        }
        // another model of the class: the kept copies take its parameters, not the first model's
        BatchedSoftmax other = new BatchedSoftmax();
        BatchedSoftmax otherAlone = new BatchedSoftmax();
        other.parameters()[0] = otherAlone.parameters()[0] = 0.5;
        Trainer.builder(new Sgd(0.1)).epochs(1).batchSize(128).threads(1).build().train(otherAlone, data);
        Trainer reused = Trainer.builder(new Sgd(0.1)).epochs(1).batchSize(128).threads(3).build();
        reused.train(new BatchedSoftmax(), data);
        reused.train(other, data);
        assertArrayEquals(otherAlone.parameters(), other.parameters());
    }

    /** {@code 0, k, 2k, ...} modulo {@code n}: an order that visits every example once when k and n are coprime. */
    private static int[] everyKth(int n, int k) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (i * k) % n;
        }
        return order;
    }

    /** How many of the first {@code n} examples the model gets wrong. */
    private static int wrong(Model model, Dataset data, int n) {
        double[] output = new double[model.outputSize()];
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            model.forward(data.input(i), output);
            wrong += Accuracy.isCorrect(output, output.length, data.target(i), model.targetSize()) ? 0 : 1;
        }
        return wrong;
    }
}
