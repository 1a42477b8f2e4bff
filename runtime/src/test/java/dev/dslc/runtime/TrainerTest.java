package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** Points in [-2, 2]^2 labelled by which side of the line x + y = 0.25 they fall on. */
    static Dataset separable(int size, long seed) {
        Random random = new Random(seed);
        double[][] inputs = new double[size][];
        double[][] targets = new double[size][];
        for (int i = 0; i < size; i++) {
            inputs[i] = new double[] {4 * random.nextDouble() - 2, 4 * random.nextDouble() - 2};
            targets[i] = new double[] {inputs[i][0] + inputs[i][1] > 0.25 ? 1 : 0};
        }
        return new Dataset(inputs, targets);
    }

    /** Three Gaussian blobs, one-hot targets. */
    static Dataset blobs(int size, long seed) {
        Random random = new Random(seed);
        double[][] centres = {{-2, 0}, {2, 0}, {0, 3}};
        double[][] inputs = new double[size][];
        double[][] targets = new double[size][];
        for (int i = 0; i < size; i++) {
            int k = i % 3;
            inputs[i] = new double[] {centres[k][0] + 0.5 * random.nextGaussian(),
                    centres[k][1] + 0.5 * random.nextGaussian()};
            targets[i] = new double[3];
            targets[i][k] = 1;
        }
        return new Dataset(inputs, targets);
    }

    /** Keeps what a trainer tells it. */
    static final class Recorder implements TrainingListener {
        final List<EpochResult> epochs = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> stops = new ArrayList<>();

        @Override
        public void epochFinished(EpochResult epoch) {
            epochs.add(epoch);
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void stopped(String reason) {
            stops.add(reason);
        }
    }

    @Test
    void logisticRegression_learnsSeparableDataAndReportsEveryEpoch() {
        Recorder recorder = new Recorder();
        TrainingReport report = Trainer.builder(new Adam(0.1)).epochs(40).batchSize(16).heldOutFraction(0.25)
                .seed(3L).listener(recorder).build()
                .train(new LogisticRegression(2), separable(200, 1L));
        assertTrue(report.completed());
        assertEquals(report.epochs(), recorder.epochs);
        assertEquals(40, report.epochs().size());
        for (int i = 0; i < 40; i++) {
            assertEquals(i + 1, report.epochs().get(i).epoch());
        }
        EpochResult first = report.epochs().get(0);
        EpochResult last = report.lastEpoch();
        assertTrue(last.trainingLoss() < 0.5 * first.trainingLoss(), first + " -> " + last);
        assertTrue(last.trainingAccuracy() >= 0.97, last.toString());
        assertTrue(last.hasHeldOut());
        assertTrue(last.heldOutAccuracy() >= 0.9, last.toString());
        assertEquals(0.1, last.learningRate());
    }

    @Test
    void softmaxRegression_isScoredByTheLargestOutput() {
        TrainingReport report = Trainer.builder(new Sgd(0.5, 0.9)).epochs(20).batchSize(10).heldOutFraction(0.2)
                .build().train(new SoftmaxRegression(2, 3), blobs(300, 2L));
        assertTrue(report.lastEpoch().trainingAccuracy() > 0.95, report.lastEpoch().toString());
        assertTrue(report.lastEpoch().heldOutAccuracy() > 0.95, report.lastEpoch().toString());
    }

    @Test
    void sameSeed_givesBitIdenticalRuns_andAnotherSeedDoesNot() {
        Model a = new LogisticRegression(2);
        Model b = new LogisticRegression(2);
        Model c = new LogisticRegression(2);
        Dataset data = separable(100, 5L);
        TrainingReport first = trainer(7L).train(a, data);
        TrainingReport second = trainer(7L).train(b, data);
        trainer(8L).train(c, data);
        assertArrayEquals(a.parameters(), b.parameters());
        assertEquals(first, second);
        assertFalse(java.util.Arrays.equals(a.parameters(), c.parameters()));
    }

    private static Trainer trainer(long seed) {
        return Trainer.builder(new Sgd(0.3, 0.5)).epochs(5).batchSize(7).heldOutFraction(0.3).seed(seed)
                .gradientNorms(true).build();
    }

    @Test
    void heldOutExamples_areNeverTrainedOn_andEachEpochSeesEveryOtherOnce() {
        Set<double[]> trained = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] backwardCalls = {0};
        Model model = new ForwardingModel(new LinearRegression(2)) {
            @Override
            public double backward(double[] input, double[] target) {
                trained.add(input);
                backwardCalls[0]++;
                return super.backward(input, target);
            }
        };
        Dataset data = separable(100, 1L);
        Trainer.builder(new Sgd(0.01)).epochs(3).batchSize(8).heldOutFraction(0.25).build().train(model, data);
        assertEquals(75, trained.size());
        assertEquals(3 * 75, backwardCalls[0]);
    }

    @Test
    void separateHeldOutSet_isEvaluatedWhole_andNeverTrainedOn() {
        Set<double[]> trained = Collections.newSetFromMap(new IdentityHashMap<>());
        Model model = new ForwardingModel(new LogisticRegression(2)) {
            @Override
            public double backward(double[] input, double[] target) {
                trained.add(input);
                return super.backward(input, target);
            }
        };
        Dataset training = separable(80, 1L);
        Dataset test = separable(40, 2L);
        TrainingReport report = Trainer.builder(new Adam(0.1)).epochs(30).batchSize(8).build()
                .train(model, training, test);
        assertEquals(80, trained.size());
        for (double[] input : test.inputs()) {
            assertFalse(trained.contains(input), "trained on a held-out example");
        }
        EpochResult last = report.lastEpoch();
        assertTrue(last.heldOutAccuracy() > 0.9, last.toString());
        double lossSum = 0.0;
        for (int i = 0; i < test.size(); i++) {
            lossSum += model.loss(test.input(i), test.target(i));
        }
        assertEquals(lossSum / test.size(), last.heldOutLoss(), 1e-12);
    }

    @Test
    void separateHeldOutSet_withAHeldOutFractionToo_isRefused() {
        Trainer trainer = Trainer.builder(new Sgd(0.1)).heldOutFraction(0.2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(new LogisticRegression(2), separable(10, 1L), separable(5, 2L)));
        assertTrue(e.getMessage().contains("give one or the other"), e.getMessage());
    }

    @Test
    void eachBatch_takesOneStepWithTheMeanGradient() {
        Dataset data = separable(10, 4L);
        Optimizer sgd = new Sgd(0.2);
        LinearRegression trained = new LinearRegression(2);
        Trainer.builder(sgd).epochs(6).batchSize(10).build().train(trained, data);
        LinearRegression byHand = new LinearRegression(2);
        for (int epoch = 0; epoch < 6; epoch++) {
            double[] mean = new double[3];
            for (int i = 0; i < data.size(); i++) {
                double error = byHand.parameters[0] * data.input(i)[0] + byHand.parameters[1] * data.input(i)[1]
                        + byHand.parameters[2] - data.target(i)[0];
                mean[0] += error * data.input(i)[0] / data.size();
                mean[1] += error * data.input(i)[1] / data.size();
                mean[2] += error / data.size();
            }
            for (int j = 0; j < 3; j++) {
                byHand.parameters[j] -= 0.2 * mean[j];
            }
        }
        assertArrayEquals(byHand.parameters(), trained.parameters(), 1e-12);
        assertEquals(6, sgd.stepCount());
    }

    @Test
    void lastBatchOfAnEpoch_mayBeSmaller() {
        Optimizer sgd = new Sgd(0.01);
        Trainer.builder(sgd).epochs(2).batchSize(4).build().train(new LinearRegression(2), separable(10, 1L));
        assertEquals(6, sgd.stepCount());
    }

    @Test
    void nanGradient_stopsTrainingAndNamesTheParameterElement() {
        TestModel inner = new SoftmaxRegression(2, 3);
        int[] calls = {0};
        Model poisoned = new ForwardingModel(inner) {
            @Override
            public double backward(double[] input, double[] target) {
                double loss = super.backward(input, target);
                if (++calls[0] == 250) {   // epoch 3 of 100 examples, in its 5th batch of 10
                    gradients()[6 + 1] = Double.NaN;
                }
                return loss;
            }
        };
        Recorder recorder = new Recorder();
        Optimizer sgd = new Sgd(0.1);
        TrainingReport report = Trainer.builder(sgd).epochs(10).batchSize(10).listener(recorder).build()
                .train(poisoned, blobs(100, 1L));
        assertFalse(report.completed());
        String reason = report.stopReason().orElseThrow();
        assertTrue(reason.startsWith("epoch 3: batch 5: the gradient of b[1] (element 1 of b, parameters()[7]) is NaN"),
                reason);
        assertTrue(reason.contains("parameters with non-finite gradients: b"), reason);
        assertEquals(List.of(reason), recorder.stops);
        assertEquals(2, report.epochs().size());
        assertEquals(24, sgd.stepCount(), "the bad batch must not be applied");
        assertArrayEquals(new double[inner.parameterCount()], inner.gradients());
        for (double p : inner.parameters()) {
            assertTrue(Double.isFinite(p));
        }
    }

    @Test
    void divergingLearningRate_stopsNamingAnOverflowingParameter() {
        TrainingReport report = Trainer.builder(new Sgd(50.0)).epochs(100).batchSize(1).build()
                .train(new LinearRegression(2), separable(20, 1L));
        String reason = report.stopReason().orElseThrow();
        // whichever overflows first, the loss (a square) or a gradient, a parameter element is named
        assertTrue(reason.matches("epoch \\d+: batch \\d+: .*(the gradient of|the largest gradient is .*, of)"
                + " (w\\[\\d]|b) \\(element .*"), reason);
    }

    @Test
    void infiniteLossWithFiniteGradients_stopsSayingSo() {
        Model model = new ForwardingModel(new LinearRegression(2)) {
            @Override
            public double backward(double[] input, double[] target) {
                super.backward(input, target);
                return Double.POSITIVE_INFINITY;
            }
        };
        TrainingReport report = Trainer.builder(new Sgd(0.1)).build().train(model, separable(5, 1L));
        assertEquals("epoch 1: batch 1: the loss is Infinity though every gradient is finite; the largest gradient"
                + " is " + largestGradientOfFirstBatch() + ", of w[0] (element 0 of w, parameters()[0])",
                report.stopReason().orElseThrow());
        assertThrows(IllegalStateException.class, report::lastEpoch);
    }

    /** The batch of all five examples, from zero parameters: dL/dw0 = sum (0 - t) x0, the largest here. */
    private static double largestGradientOfFirstBatch() {
        Dataset data = separable(5, 1L);
        LinearRegression model = new LinearRegression(2);
        for (int i = 0; i < data.size(); i++) {
            model.backward(data.input(i), data.target(i));
        }
        return model.gradients()[0];
    }

    @Test
    void gradientNorms_arePerParameterAndOnlyOnRequest() {
        Dataset data = separable(50, 1L);
        EpochResult plain = Trainer.builder(new Sgd(0.1)).epochs(1).build()
                .train(new LogisticRegression(2), data).lastEpoch();
        EpochResult measured = Trainer.builder(new Sgd(0.1)).epochs(1).gradientNorms(true).build()
                .train(new LogisticRegression(2), data).lastEpoch();
        assertEquals(List.of(), plain.gradientNorms());
        assertEquals(List.of("weights", "bias"),
                measured.gradientNorms().stream().map(EpochResult.GradientNorm::parameter).toList());
        assertTrue(measured.gradientNorms().stream().allMatch(n -> n.norm() > 0 && n.norm() < 10));
        assertTrue(measured.warnings().isEmpty(), measured.warnings().toString());
    }

    @Test
    void gradientNorm_isTheMeanOverBatchesOfTheMeanGradientsNorm() {
        // loss (p - 3)^2 / 2 from p = 0, plain SGD with rate 0: the gradient is -3 at every step
        Quadratic model = new Quadratic(new double[] {1, 1}, new double[] {3, 4});
        EpochResult epoch = Trainer.builder(new Sgd(0.0)).epochs(1).batchSize(2).gradientNorms(true).build()
                .train(model, constantExamples(6)).lastEpoch();
        assertEquals(3.0, epoch.gradientNorms().get(0).norm(), 1e-12);
        assertEquals(4.0, epoch.gradientNorms().get(1).norm(), 1e-12);
    }

    @Test
    void tinyFirstGradients_warnOfVanishing() {
        Quadratic model = new Quadratic(new double[] {1e-7, 1e-7, 1, 1}, new double[] {1, 1, 1, 1});
        Recorder recorder = new Recorder();
        EpochResult epoch = Trainer.builder(new Sgd(1e-3)).epochs(1).gradientNorms(true).listener(recorder).build()
                .train(model, constantExamples(4)).lastEpoch();
        assertEquals(1, epoch.warnings().size(), epoch.warnings().toString());
        assertTrue(epoch.warnings().get(0).startsWith("vanishing gradients: |dfirst| = 1.41e-07 is 1.00e-07 times |dlast|"),
                epoch.warnings().get(0));
        assertEquals(epoch.warnings(), recorder.warnings);
    }

    @Test
    void hugeGradients_warnOfExploding() {
        Quadratic model = new Quadratic(new double[] {100, 1e4}, new double[] {1, 1});
        EpochResult epoch = Trainer.builder(new Sgd(1e-9)).epochs(1).gradientNorms(true).build()
                .train(model, constantExamples(4)).lastEpoch();
        assertEquals(List.of("exploding gradients: |dlast| = 1.00e+04 exceeds 1.00e+03"), epoch.warnings());
        EpochResult lenient = Trainer.builder(new Sgd(1e-9)).epochs(1).gradientNorms(true)
                .gradientWarnings(1e-3, 1e5).build()
                .train(new Quadratic(new double[] {100, 1e4}, new double[] {1, 1}), constantExamples(4)).lastEpoch();
        assertEquals(List.of(), lenient.warnings());
    }

    private static Dataset constantExamples(int size) {
        double[][] inputs = new double[size][0];
        double[][] targets = new double[size][1];
        return new Dataset(inputs, targets);
    }

    @Test
    void innerLoop_allocatesLessThanAByteAnExample() {
        Dataset data = separable(2000, 1L);
        LinearRegression model = new LinearRegression(2);
        Trainer trainer = Trainer.builder(new Sgd(0.01, 0.9)).epochs(50).batchSize(10).build();
        double bytes = Allocations.bytesPerCall(() -> trainer.train(model, data), 50 * 2000);
        assertTrue(bytes < 1.0, bytes + " bytes per example");
    }

    @Test
    void zeroEpochs_isAnEmptyCompletedReport() {
        TrainingReport report = Trainer.builder(new Sgd(0.1)).epochs(0).build()
                .train(new LinearRegression(2), separable(5, 1L));
        assertTrue(report.completed());
        assertEquals(List.of(), report.epochs());
    }

    @Test
    void epochResult_printsAsAProgressLine() {
        EpochResult epoch = new EpochResult(12, 0.021345, 1.0, 0.0301, 0.95, 0.1,
                List.of(new EpochResult.GradientNorm("W1", 0.00123)), List.of());
        assertEquals("epoch 12: loss 0.02135 accuracy 1.000 | held-out loss 0.03010 accuracy 0.950 | lr 0.1000"
                + " |dW1| 0.00123", epoch.toString());
        EpochResult noHeldOut = new EpochResult(1, 2.5, 0.5, Double.NaN, Double.NaN, 0.01, List.of(), List.of());
        assertEquals("epoch 1: loss 2.500 accuracy 0.500 | lr 0.01000", noHeldOut.toString());
    }

    @Test
    void badSettingsAndData_areRefusedWithTheReason() {
        Optimizer sgd = new Sgd(0.1);
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(sgd).heldOutFraction(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(sgd).batchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(sgd).epochs(-1).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(sgd).gradientWarnings(1e-3, 0).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder(null));
        Trainer trainer = Trainer.builder(sgd).heldOutFraction(0.5).build();
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(new LinearRegression(2), separable(1, 1L)));
        assertEquals("no training examples: 1 examples, 1 held out", empty.getMessage());
        Dataset narrow = new Dataset(new double[][] {{1, 2}, {3}}, new double[][] {{0}, {1}});
        IllegalArgumentException shortRow = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(new LinearRegression(2), narrow));
        assertEquals("input 1 has length 1; expected at least 2", shortRow.getMessage());
    }

    @Test
    void dataset_pairsInputsWithTargets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[2][1], new double[3][1]));
        assertEquals("2 inputs but 3 targets; they must pair up", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[][] {null}, new double[1][1]));
        double[][] inputs = {{1}, {2}};
        Dataset data = new Dataset(inputs, new double[2][1]);
        inputs[0] = new double[] {9};
        assertEquals(1.0, data.input(0)[0], "the outer array is copied");
        assertNotEquals(data.inputs(), data.inputs());
    }
}
