package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** p = sigmoid(2 x - 1) on five points, two of them on the wrong side. */
    private static Evaluation binary() {
        Model model = new LogisticRegression(1).with(2.0, -1.0);
        Dataset data = new Dataset(new double[][] {{0}, {1}, {2}, {-1}, {3}},
                new double[][] {{0}, {1}, {0}, {1}, {1}});
        return Evaluation.of(model, data);
    }

    /** Logits W x with W = [[1, 0], [0, 1], [-1, -1]]; the last example, class 0, is taken for class 1. */
    private static Evaluation oneHot() {
        Model model = new SoftmaxRegression(2, 3).with(1, 0, 0, 1, -1, -1, 0, 0, 0);
        Dataset data = new Dataset(new double[][] {{2, 0}, {0, 2}, {-1, -1}, {1, 1.5}},
                new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        return Evaluation.of(model, data);
    }

    @Test
    void binary_lossAccuracyMeanSquaredErrorAndConfusion() {
        Evaluation evaluation = binary();
        assertEquals(5, evaluation.examples());
        // mean of softplus(z) - t z and of (sigmoid(z) - t)^2, z = 2x - 1, computed apart in Python
        assertEquals(1.3460826853346095, evaluation.loss(), 1e-12);
        assertEquals(0.3918997409387127, evaluation.meanSquaredError(), 1e-12);
        assertEquals(0.6, evaluation.accuracy());
        assertArrayEquals(new int[][] {{1, 1}, {1, 2}}, evaluation.confusion().counts());
        assertEquals(2, evaluation.confusion().classes());
        assertEquals(1, evaluation.confusion().count(1, 0), "one positive predicted negative");
    }

    @Test
    void oneHot_classesAreTheLargestOutputAndTarget() {
        Evaluation evaluation = oneHot();
        assertEquals(0.34154985981322283, evaluation.loss(), 1e-12);
        assertEquals(0.07062287615483732, evaluation.meanSquaredError(), 1e-12);
        assertEquals(0.75, evaluation.accuracy());
        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 1, 0}, {0, 0, 1}}, evaluation.confusion().counts());
    }

    @Test
    void accuracy_isTheTrainersRule() {
        Model model = new SoftmaxRegression(2, 3).with(1, 0, 0, 1, -1, -1, 0, 0, 0);
        Dataset data = TrainerTest.blobs(30, 2L);
        double[] output = new double[3];
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            model.forward(data.input(i), output);
            correct += Accuracy.isCorrect(output, 3, data.target(i), 3) ? 1 : 0;
        }
        assertEquals(correct / 30.0, Evaluation.of(model, data).accuracy());
    }

    @Test
    void meanSquaredError_isNaN_whenOutputAndTargetSizesDiffer() {
        Model model = new ForwardingModel(new LogisticRegression(1).with(2.0, -1.0)) {
            @Override
            public int targetSize() {
                return 2;
            }
        };
        Evaluation evaluation = Evaluation.of(model, new Dataset(new double[][] {{1}}, new double[][] {{1, 0}}));
        assertTrue(Double.isNaN(evaluation.meanSquaredError()));
        assertEquals(1.0, evaluation.accuracy());
    }

    @Test
    void noExamples_giveNaNAndAnEmptyMatrix() {
        Evaluation evaluation = Evaluation.of(new LogisticRegression(1), new Dataset(new double[0][], new double[0][]));
        assertEquals(0, evaluation.examples());
        assertTrue(Double.isNaN(evaluation.loss()) && Double.isNaN(evaluation.accuracy()));
        assertArrayEquals(new int[][] {{0, 0}, {0, 0}}, evaluation.confusion().counts());
    }

    @Test
    void modelWithoutTargets_hasNoAccuracy_butALoss_andTrainsWithoutFailing() {
        Model model = new ForwardingModel(new Quadratic(new double[] {1, 1}, new double[] {3, -1})) {
            @Override
            public int targetSize() {
                return 0;
            }
        };
        Dataset data = new Dataset(new double[4][0], new double[4][0]);

        Evaluation before = Evaluation.of(model, data);
        EpochResult last = Trainer.builder(new Sgd(0.5)).epochs(20).batchSize(2).heldOutFraction(0.5).build()
                .train(model, data).lastEpoch();

        assertEquals(5.0, before.loss(), 1e-15, "(0 - 3)^2 / 2 + (0 + 1)^2 / 2");
        assertTrue(Double.isNaN(before.accuracy()) && Double.isNaN(before.meanSquaredError()));
        assertArrayEquals(new int[][] {{0, 0}, {0, 0}}, before.confusion().counts());
        assertTrue(Double.isNaN(last.trainingAccuracy()) && Double.isNaN(last.heldOutAccuracy()));
        // one step of 0.5 per epoch halves the distance to (3, -1), so the loss falls by 4 each epoch
        assertEquals(5.0 * Math.pow(2, -40), last.heldOutLoss(), 1e-24);
    }

    @Test
    void shortRows_areRefusedNamingTheExample() {
        Dataset data = new Dataset(new double[][] {{1, 2}, {1}}, new double[][] {{0}, {1}});
        assertEquals("input 1 has length 1; expected at least 2", assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new LogisticRegression(2), data)).getMessage());
    }

    @Test
    void printed_asOneLine_andTheMatrixAsATable() {
        Evaluation evaluation = binary();
        assertEquals("5 examples: loss 1.346 accuracy 0.6000 mean squared error 0.3919", evaluation.toString());
        assertEquals("""
                actual \\ predicted  0  1
                                 0  1  1
                                 1  1  2""", evaluation.confusion().toString());
    }

    @Test
    void confusionMatrix_isACopy_comparedByCounts() {
        int[][] counts = {{3, 1}, {0, 2}};
        Evaluation.ConfusionMatrix matrix = new Evaluation.ConfusionMatrix(counts);
        counts[0][0] = 99;
        matrix.counts()[0][1] = 99;
        assertEquals(new Evaluation.ConfusionMatrix(new int[][] {{3, 1}, {0, 2}}), matrix);
        assertEquals(new Evaluation.ConfusionMatrix(new int[][] {{3, 1}, {0, 2}}).hashCode(), matrix.hashCode());
        assertThrows(IllegalArgumentException.class, () -> new Evaluation.ConfusionMatrix(new int[][] {{1, 2}}));
    }
}
