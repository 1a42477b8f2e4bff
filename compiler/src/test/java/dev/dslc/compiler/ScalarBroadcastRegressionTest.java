package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: models whose backward pass multiplies the adjoint of a reduction
 * (a broadcast scalar) by a scalar factor. They crashed the compiler with
 * "rewrite of Map2[kind=MUL] changed shape [3] to scalar". The expected
 * values are PyTorch's, in float64.
 */
class ScalarBroadcastRegressionTest {
    private static final double EXACT = 1e-12;

    @Test
    void sinOfTheSumOfAVectorTimesALiteral() throws Throwable {
        Model model = TestModels.load("""
                input x
                param a[3] = [0.1, 0.2, 0.3]
                output x
                loss sin(sum(a * 2))
                """);
        assertLossAndEqualGradients(model, new double[] {0.0}, new double[0], 0.9320390859672264, 0.7247155089533468);
    }

    @Test
    void expOfTheMeanOfAVectorTimesAScalarInput() throws Throwable {
        Model model = TestModels.load("""
                input x
                param a[3] = [0.1, 0.2, 0.3]
                output x
                loss exp(mean(a * x))
                """);
        assertLossAndEqualGradients(model, new double[] {0.5}, new double[0], 1.1051709180756477, 0.18419515301260794);
    }

    @Test
    void squareOfCrossEntropyWithAScalarTarget() throws Throwable {
        Model model = TestModels.load("""
                input x
                param a[3] = [0.1, 0.2, 0.3]
                output x
                loss square(cross_entropy(exp(a), 2))
                """);
        assertLossAndEqualGradients(model, new double[] {0.0}, new double[0], 1.4400000000000004, 4.800000000000001);
    }

    /** Loss and gradient to 1e-12 through backward, then backwardBatch and sgdStep agreeing with it. */
    private static void assertLossAndEqualGradients(Model model, double[] input, double[] target,
                                                    double loss, double gradient) throws Throwable {
        assertEquals(loss, model.loss(input, target), EXACT);
        model.zeroGradients();
        assertEquals(loss, model.backward(input, target), EXACT);
        for (double g : model.gradients()) {
            assertEquals(gradient, g, EXACT);
        }
        assertNull(BatchedCalls.disagreement(model, 5, 1L, EXACT));
        assertNull(SgdSteps.disagreement(model, 3, 1L, EXACT));
    }
}
