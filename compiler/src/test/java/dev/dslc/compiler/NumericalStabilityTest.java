package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * The functions the language calls stable give the right losses and
 * gradients, element by element, for logits of magnitude 1,000 and 700,
 * where a naive formula overflows (e^1000) or loses everything to rounding
 * (1 - sigmoid(700)). References are closed forms in which every exp has an
 * argument of at most a few units, so each is correct to a few ulps.
 */
class NumericalStabilityTest {
    private static final double[] Z = {1000, 999, -1000, 0.5, -700, 700};
    private static final double[] C = {0.5, -1, 2, 3, -0.25, 1.5};
    /** 1 + e^-1: with z shifted by its maximum, 1000, the sum of the exponentials that matter. */
    private static final double ONE_PLUS_E = 1 + Math.exp(-1);

    @Test
    void sigmoid_logitsOf1000_valuesAndSlopes() {
        Model model = load("output sigmoid(z)\nloss sum(sigmoid(z) * c)\n");

        double[] expected = new double[Z.length];
        double[] slope = new double[Z.length];
        for (int i = 0; i < Z.length; i++) {
            expected[i] = sigmoid(Z[i]);
            slope[i] = C[i] * sigmoid(Z[i]) * sigmoid(-Z[i]);
        }
        assertElements(expected, forward(model));
        assertElements(slope, gradient(model, new double[0]));
    }

    @Test
    void softplus_logitsOf1000_valuesAndSlopes() {
        Model model = load("output softplus(z)\nloss sum(softplus(z) * c)\n");

        double[] expected = new double[Z.length];
        double[] slope = new double[Z.length];
        for (int i = 0; i < Z.length; i++) {
            // log(1 + e^z) = max(z, 0) + log(1 + e^-|z|), and e^-|z| is 0 or tiny here except at 0.5
            expected[i] = Math.max(Z[i], 0) + Math.log1p(Math.exp(-Math.abs(Z[i])));
            slope[i] = C[i] * sigmoid(Z[i]);
        }
        assertElements(expected, forward(model));
        assertElements(slope, gradient(model, new double[0]));
        assertEquals(0, forward(model)[2], 0.0, "softplus(-1000) = e^-1000 underflows to 0, not NaN");
    }

    @Test
    void bceLogits_logitsOf1000_lossAndGradient() {
        Model model = load("target y[6]\noutput z\nloss bce_logits(z, y)\n");
        double[] y = {0, 1, 1, 0.3, 0, 1};

        double loss = 0;
        double[] expected = new double[Z.length];
        for (int i = 0; i < Z.length; i++) {
            // softplus(z) - y z, and (sigmoid(z) - y) / n
            loss += Math.max(Z[i], 0) + Math.log1p(Math.exp(-Math.abs(Z[i]))) - y[i] * Z[i];
            expected[i] = (sigmoid(Z[i]) - y[i]) / Z.length;
        }
        assertClose(loss / Z.length, model.loss(C, y));
        assertElements(expected, gradient(model, y));
    }

    @Test
    void softmax_logitsOf1000_valuesAndGradient() {
        Model model = load("output softmax(z)\nloss sum(softmax(z) * c)\n");

        double[] expected = softmax();
        double weighted = 0;
        for (int i = 0; i < Z.length; i++) {
            weighted += expected[i] * C[i];
        }
        double[] slope = new double[Z.length];
        for (int i = 0; i < Z.length; i++) {
            slope[i] = expected[i] * (C[i] - weighted);
        }
        assertElements(expected, forward(model));
        assertElements(slope, gradient(model, new double[0]));
    }

    @Test
    void logSoftmax_logitsOf1000_valuesAndGradient() {
        Model model = load("output log_softmax(z)\nloss sum(log_softmax(z) * c)\n");

        double sumC = 0;
        for (double c : C) {
            sumC += c;
        }
        double[] expected = new double[Z.length];
        double[] slope = new double[Z.length];
        double[] softmax = softmax();
        for (int i = 0; i < Z.length; i++) {
            expected[i] = (Z[i] - 1000) - Math.log(ONE_PLUS_E);
            slope[i] = C[i] - softmax[i] * sumC;
        }
        assertElements(expected, forward(model));
        assertElements(slope, gradient(model, new double[0]));
    }

    @Test
    void logSumExp_logitsOf1000_valueAndGradient() {
        Model model = load("output z\nloss logsumexp(z) * c[0]\n");

        assertClose(C[0] * (1000 + Math.log(ONE_PLUS_E)), model.loss(C, new double[0]));
        double[] expected = softmax();
        for (int i = 0; i < Z.length; i++) {
            expected[i] *= C[0];
        }
        assertElements(expected, gradient(model, new double[0]));
    }

    @Test
    void softmaxCrossEntropy_logitsOf1000_lossAndGradient_forTargetsSummingToOneAndNot() {
        Model model = load("target y[6]\noutput z\nloss softmax_cross_entropy(z, y)\n");
        for (double[] y : new double[][] {{0.2, 0.5, 0.3, 0, 0, 0}, {1, 1, 0, 0, 0.5, 0}, {0, 0, 1, 0, 0, 0}}) {
            double sumY = 0;
            double yz = 0;
            for (int i = 0; i < Z.length; i++) {
                sumY += y[i];
                yz += y[i] * Z[i];
            }
            double[] softmax = softmax();
            double[] expected = new double[Z.length];
            for (int i = 0; i < Z.length; i++) {
                expected[i] = softmax[i] * sumY - y[i];
            }
            assertClose((1000 + Math.log(ONE_PLUS_E)) * sumY - yz, model.loss(C, y));
            assertElements(expected, gradient(model, y));
        }
    }

    /** exp(z - 1000) / (1 + e^-1): the other terms of the sum are below e^-300 and vanish next to 1. */
    private static double[] softmax() {
        double[] softmax = new double[Z.length];
        for (int i = 0; i < Z.length; i++) {
            softmax[i] = Math.exp(Z[i] - 1000) / ONE_PLUS_E;
        }
        return softmax;
    }

    /** 1 / (1 + e^-z), written so that neither branch overflows. */
    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static Model load(String rest) {
        StringBuilder literal = new StringBuilder();
        for (double z : Z) {
            literal.append(literal.length() == 0 ? "" : ", ").append(z);
        }
        return TestModels.load("input c[6]\nparam z[6] = [" + literal + "]\n" + rest);
    }

    private static double[] forward(Model model) {
        double[] output = new double[model.outputSize()];
        model.forward(C, output);
        return output;
    }

    private static double[] gradient(Model model, double[] target) {
        model.zeroGradients();
        double loss = model.backward(C, target);
        assertTrue(Double.isFinite(loss), "loss " + loss);
        return model.gradients().clone();
    }

    /** Each element to 1e-12 relative; a reference below 1e-290 (e^-700 and smaller) may round to 0. */
    private static void assertElements(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), "element " + i + " is " + actual[i]);
            int index = i;
            double tolerance = Math.abs(expected[i]) < 1e-290 ? 1e-290 : 1e-12 * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tolerance, () -> "element " + index);
        }
    }

    private static void assertClose(double expected, double actual) {
        assertTrue(Double.isFinite(actual), "got " + actual);
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
    }
}
