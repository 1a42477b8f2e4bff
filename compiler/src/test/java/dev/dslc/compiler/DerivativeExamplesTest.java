package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.ModelDerivatives;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of docs/derivatives.md: the language reference's 2-2-1
 * network (samples/seed221.nn) at x = [0.5, 0.3], y = 0.8, its class
 * generated with the default options, and a loss that contains {@code grad}.
 * The expected numbers are PyTorch's
 * (float64 autograd, compiler/src/test/python/derivative_examples.py), to
 * 1e-12.
 */
class DerivativeExamplesTest {
    private static final double EXACT = 1e-12;
    private static final double[] X = {0.5, 0.3};
    private static final double[] Y = {0.8};
    private static final double LOSS = 0.004288350124572849;

    private final Model model = TestModels.sample("seed221.nn");

    @Test
    void inputGradient_isPyTorchs() {
        double[] dInput = new double[2];

        double loss = ((ModelDerivatives.InputGradient) model).inputGradient(X, Y, dInput);

        assertEquals(LOSS, loss, EXACT);
        assertArrayEquals(new double[] {-0.0015106232410922135, -0.002664958596370389}, dInput, EXACT);
    }

    @Test
    void jacobian_isPyTorchs() {
        double[] jac = new double[2];

        ((ModelDerivatives.Jacobian) model).jacobian(X, jac);

        assertArrayEquals(new double[] {0.01631158058710039, 0.028775995048607887}, jac, EXACT);
    }

    @Test
    void hessianVectorProduct_alongTheFirstParameter_isTheHessiansFirstColumn() {
        double[] v = {1, 0, 0, 0, 0, 0, 0, 0, 0};
        double[] hv = new double[9];

        double loss = ((ModelDerivatives.HessianVectorProduct) model).hessianVectorProduct(X, Y, v, hv);

        assertEquals(LOSS, loss, EXACT);
        assertArrayEquals(new double[] {0.00038962727341179725, 0.00023377636404707834, 0.00030612405103295186,
                0.00018367443061977111, 0.0007792545468235945, 0.0006122481020659037, -0.00015650710497865355,
                0.0022740593002567133, 0.0036953515211265303}, hv, EXACT);
    }

    @Test
    void hessianVectorProduct_alongOnes_isPyTorchs() {
        double[] v = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] hv = new double[9];

        ((ModelDerivatives.HessianVectorProduct) model).hessianVectorProduct(X, Y, v, hv);

        assertArrayEquals(new double[] {0.008317608484405688, 0.004990565090643413, 0.010013894406779758,
                0.006008336644067855, 0.016635216968811376, 0.020027788813559516, 0.07393752960279958,
                0.07817404531449018, 0.1403041564453012}, hv, EXACT);
    }

    /** grad in the loss: {@code backward} differentiates through du/dt, a second derivative. */
    @Test
    void gradInTheLoss_isPyTorchs() {
        Model model = TestModels.load("""
                model Residual
                input t
                param w = 0.5
                param b = 0.1
                u = tanh(w * t + b)
                output grad(u, t)
                loss square(grad(u, t) + u)
                """);
        double[] t = {1};
        double[] duDt = new double[1];

        model.forward(t, duDt);
        double loss = model.backward(t, new double[0]);

        assertEquals(0.3557888812936114, duDt[0], EXACT);
        assertEquals(0.7971604947478355, loss, EXACT);
        assertArrayEquals(new double[] {1.8588949990375283, 0.5882470282630927}, model.gradients(), EXACT);
    }
}
