package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/** The exact values the spec and the issue give for the two hand-worked examples. */
class SpecValuesTest {
    private static final double EXACT = 1e-12;

    @Test
    void seed221_matchesTheTutorialsValues() {
        Model model = TestModels.sample("seed221.nn");
        double[] x = {0.5, 0.3};
        double[] y = {0.8};

        double loss = model.backward(x, y);

        assertEquals(0.004288350124572849, loss, EXACT);
        assertEquals(0.004288350124572849, model.loss(x, y), EXACT);
        double[] g = model.gradients();
        // Layout: W1[2,2] at 0, b1[2] at 4, W2[1,2] at 6, b2[1] at 8.
        assertEquals(-0.011245109366107061, g[6], EXACT);
        assertEquals(-0.011796539843753721, g[7], EXACT);
        assertEquals(-0.019169404003987055, g[8], EXACT);
        assertEquals(-0.001394559160530223, g[0], EXACT);
        assertEquals(-0.0008367354963181339, g[1], EXACT);
    }

    @Test
    void seed221_backwardAccumulatesAndZeroGradientsClears() {
        Model model = TestModels.sample("seed221.nn");
        double[] x = {0.5, 0.3};
        double[] y = {0.8};

        model.backward(x, y);
        model.backward(x, y);
        assertEquals(2 * -0.019169404003987055, model.gradients()[8], EXACT);

        model.zeroGradients();
        assertArrayEquals(new double[9], model.gradients());
    }

    @Test
    void neuron_matchesTheTrueValuesNotTheWidelyCopiedRoundedOnes() {
        Model model = TestModels.sample("neuron.nn");
        double[] x = {2, -1, 3};
        double[] output = new double[1];

        model.forward(x, output);

        assertEquals(0.995929862284104, output[0], EXACT);
        assertEquals(1.656602102635942e-05, model.loss(x, new double[] {1}), EXACT);
    }
}
