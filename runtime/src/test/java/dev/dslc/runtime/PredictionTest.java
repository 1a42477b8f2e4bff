package dev.dslc.runtime;

import static dev.dslc.runtime.Prediction.predict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PredictionTest {

    @Test
    void predict_givesEachRowsOutput_inOrder() {
        Model model = new SoftmaxRegression(2, 3).with(1, 0, 0, 1, -1, -1, 0, 0, 0);
        double[][] outputs = predict(model, new double[][] {{0, 0}, {1, 1.5}});
        assertEquals(2, outputs.length);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, outputs[0], 1e-15);
        // softmax of the logits (1, 1.5, -2.5)
        double sum = Math.exp(1) + Math.exp(1.5) + Math.exp(-2.5);
        assertArrayEquals(new double[] {Math.exp(1) / sum, Math.exp(1.5) / sum, Math.exp(-2.5) / sum}, outputs[1],
                1e-15);
    }

    @Test
    void predict_onADataset_usesItsInputsAlone() {
        Model model = new LogisticRegression(1).with(2.0, -1.0);
        Dataset data = new Dataset(new double[][] {{0}, {0.5}, {3}}, new double[][] {{1}, {0}, {1}});
        double[][] outputs = predict(model, data);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(1))}, outputs[0], 1e-15);
        assertArrayEquals(new double[] {0.5}, outputs[1], 0.0);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(-5))}, outputs[2], 1e-15);
    }

    @Test
    void predict_refusesAShortOrMissingRow_namingIt() {
        Model model = new LogisticRegression(2);
        assertEquals("input 1 has length 1; expected at least 2", assertThrows(IllegalArgumentException.class,
                () -> predict(model, new double[][] {{1, 2}, {1}})).getMessage());
        assertEquals("input 0 is null; expected a double[2]", assertThrows(IllegalArgumentException.class,
                () -> predict(model, new double[][] {null})).getMessage());
        assertEquals(0, predict(model, new double[0][]).length);
    }
}
