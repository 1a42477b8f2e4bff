package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * The derivative conventions LANGUAGE.md fixes where calculus leaves a choice
 * (kinks and ties), and the closed-form gradients it gives for the fused
 * losses, to 1e-12; and that the functions it calls stable stay finite where
 * a naive formula overflows.
 */
class DerivativeConventionTest {
    private static final double EXACT = 1e-12;
    private static final double[] WEIGHTS = {1, 2, 3};

    @Test
    void relu_hasSlopeZeroAtZero() {
        Model model = TestModels.load("input c[3]\nparam w[3] = [0, 0.5, -0.5]\noutput relu(w)\nloss sum(relu(w) * c)\n");

        assertArrayEquals(new double[] {0, 2, 0}, gradient(model, WEIGHTS, new double[0]), EXACT);
        assertArrayEquals(new double[] {0, 0.5, 0}, forward(model, WEIGHTS), EXACT);
    }

    @Test
    void relu_hasSlopeZeroWhereAComputedArgumentIsExactlyZero() {
        Model model = TestModels.load("input c\nparam w = 1\noutput relu(w - 1)\nloss relu(w - 1) * c + relu(1 - w) * c\n");

        assertArrayEquals(new double[] {0}, gradient(model, new double[] {3}, new double[0]), EXACT);
    }

    @Test
    void relu_hasSlopeZeroAtZeroInALoop() {
        Model model = TestModels.load("input c[80]\nparam w[80]\noutput relu(w)\nloss sum(relu(w) * c)\n");

        assertArrayEquals(new double[80], gradient(model, ones(80), new double[0]), EXACT);
    }

    @Test
    void abs_hasSlopeZeroAtZero() {
        Model model = TestModels.load("input c[3]\nparam w[3] = [0, 0.5, -0.5]\noutput abs(w)\nloss sum(abs(w) * c)\n");

        assertArrayEquals(new double[] {0, 2, -3}, gradient(model, WEIGHTS, new double[0]), EXACT);
    }

    @Test
    void abs_hasSlopeZeroAtNegativeZero() {
        Model model = TestModels.load("input c[2]\nparam w[2] = [-0, 0]\noutput abs(w)\nloss sum(abs(w) * c)\n");

        assertArrayEquals(new double[] {0, 0}, gradient(model, new double[] {1, 1}, new double[0]), EXACT);
    }

    @Test
    void leakyRelu_hasSlopeAlphaAtZeroAndBelow() {
        Model model = TestModels.load(
                "input c[3]\nparam w[3] = [0, 0.5, -0.5]\noutput leaky_relu(w, 0.1)\nloss sum(leaky_relu(w, 0.1) * c)\n");

        assertArrayEquals(new double[] {0.1, 2, 0.3}, gradient(model, WEIGHTS, new double[0]), EXACT);
        assertArrayEquals(new double[] {0, 0.5, -0.05}, forward(model, WEIGHTS), EXACT);
    }

    @Test
    void max_givesTheGradientToTheFirstOfTiedMaxima() {
        Model model = TestModels.load("input c\nparam w[4] = [1, 3, 3, 2]\noutput max(w)\nloss max(w) * c\n");

        assertArrayEquals(new double[] {0, 5, 0, 0}, gradient(model, new double[] {5}, new double[0]), EXACT);
    }

    @Test
    void min_givesTheGradientToTheFirstOfTiedMinima() {
        Model model = TestModels.load("input c\nparam w[4] = [2, 1, 5, 1]\noutput min(w)\nloss min(w) * c\n");

        assertArrayEquals(new double[] {0, 5, 0, 0}, gradient(model, new double[] {5}, new double[0]), EXACT);
    }

    @Test
    void maxAndMin_ofAllEqualElements_giveTheGradientToTheFirst() {
        Model model = TestModels.load("input c\nparam W[2, 2] = [[7, 7], [7, 7]]\noutput max(W)\n"
                + "loss max(W) * c + min(W) * c * c\n");

        assertArrayEquals(new double[] {2 + 4, 0, 0, 0}, gradient(model, new double[] {2}, new double[0]), EXACT);
    }

    @Test
    void max_ofAComputedVectorWithTiedRows_givesTheGradientToTheFirstRow() {
        // Rows 1 and 2 of W @ x tie at 4, the maximum; dL/dW row 1 = x, row 2 = 0.
        Model model = TestModels.load("input x[2]\nparam W[3, 2] = [[1, 0], [2, 2], [2, 2]]\noutput max(W @ x)\n"
                + "loss max(W @ x)\n");

        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, gradient(model, new double[] {1, 1}, new double[0]), EXACT);
    }

    @Test
    void max_ofALongVectorWithTies_givesTheGradientToTheFirst() {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            values.append(i == 0 ? "" : ", ").append(i % 10 == 3 ? 9 : i % 7);
        }
        Model model = TestModels.load("input c\nparam w[100] = " + values + "]\noutput max(w)\nloss max(w) * c\n");

        double[] expected = new double[100];
        expected[3] = 2;
        assertArrayEquals(expected, gradient(model, new double[] {2}, new double[0]), EXACT);
    }

    @Test
    void softmaxCrossEntropy_gradientIsSoftmaxTimesSumOfTargetsMinusTargets() {
        double[] z = {0.5, -1, 2};
        double[] y = {0.2, 0.7, 0.6};
        Model model = TestModels.load("input unused\ntarget y[3]\nparam z[3] = [0.5, -1, 2]\noutput softmax(z)\n"
                + "loss softmax_cross_entropy(z, y)\n");

        double logSumExp = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2));
        double sumY = 1.5;
        double[] expected = new double[3];
        double loss = 0;
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.exp(z[i] - logSumExp) * sumY - y[i];
            loss -= y[i] * (z[i] - logSumExp);
        }
        assertArrayEquals(expected, gradient(model, new double[1], y), EXACT);
        assertEquals(loss, model.loss(new double[1], y), EXACT);
    }

    @Test
    void softmaxCrossEntropy_gradientIsSoftmaxMinusTargetsWhenTargetsSumToOne() {
        Model model = TestModels.load("input unused\ntarget y[2]\nparam z[2] = [0, 0]\noutput z\n"
                + "loss softmax_cross_entropy(z, y)\n");

        assertArrayEquals(new double[] {0.5 - 0.25, 0.5 - 0.75}, gradient(model, new double[1], new double[] {0.25, 0.75}), EXACT);
    }

    @Test
    void bceLogits_gradientIsSigmoidMinusTargetOverN() {
        double[] z = {0.3, -2, 4};
        double[] y = {1, 0, 0.5};
        Model model = TestModels.load("input unused\ntarget y[3]\nparam z[3] = [0.3, -2, 4]\noutput sigmoid(z)\n"
                + "loss bce_logits(z, y)\n");

        double[] expected = new double[3];
        double loss = 0;
        for (int i = 0; i < 3; i++) {
            double p = 1 / (1 + Math.exp(-z[i]));
            expected[i] = (p - y[i]) / 3;
            loss -= (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / 3;
        }
        assertArrayEquals(expected, gradient(model, new double[1], y), EXACT);
        assertEquals(loss, model.loss(new double[1], y), EXACT);
    }

    @Test
    void bceLogits_isFiniteForLogitsWhoseSigmoidRoundsToZeroOrOne() {
        Model model = TestModels.load("input unused\ntarget y[2]\nparam z[2] = [1000, -1000]\noutput z\n"
                + "loss bce_logits(z, y)\n");
        double[] y = {0, 1};

        assertEquals(1000, model.loss(new double[1], y), EXACT);
        assertArrayEquals(new double[] {0.5, -0.5}, gradient(model, new double[1], y), EXACT);
    }

    @Test
    void softmaxCrossEntropy_isFiniteForLogitsWhoseExpOverflows() {
        Model model = TestModels.load("input unused\ntarget y[2]\nparam z[2] = [1000, 0]\noutput softmax(z)\n"
                + "loss softmax_cross_entropy(z, y)\n");
        double[] y = {0, 1};

        assertEquals(1000, model.loss(new double[1], y), EXACT);
        assertArrayEquals(new double[] {1, -1}, gradient(model, new double[1], y), EXACT);
        assertArrayEquals(new double[] {1, 0}, forward(model, new double[1]), EXACT);
    }

    @Test
    void logSumExpAndLogSoftmax_areFiniteForLogitsWhoseExpOverflows() {
        Model model = TestModels.load("input unused\nparam z[2] = [1000, 1000]\noutput log_softmax(z * [1, 0])\n"
                + "loss logsumexp(z)\n");

        assertEquals(1000 + Math.log(2), model.loss(new double[1], new double[0]), EXACT);
        assertArrayEquals(new double[] {0.5, 0.5}, gradient(model, new double[1], new double[0]), EXACT);
        assertArrayEquals(new double[] {0, -1000}, forward(model, new double[1]), EXACT);
    }

    private static double[] gradient(Model model, double[] input, double[] target) {
        model.zeroGradients();
        model.backward(input, target);
        return model.gradients().clone();
    }

    private static double[] forward(Model model, double[] input) {
        double[] output = new double[model.outputSize()];
        model.forward(input, output);
        return output;
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }
}
