package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.GradientCheck;
import org.junit.jupiter.api.Test;

class FlowerTest {

    @Test
    void backward_agreesWithFiniteDifferences() {
        Flower model = new Flower(7L);
        double[] input = {5.1, 3.5, 1.4, 0.2};   // the first flower of iris.csv, a setosa
        double[] target = {1, 0, 0};

        GradientCheck.Result result = GradientCheck.everyParameter().check(model, input, target);

        assertEquals(Flower.PARAMETER_COUNT, result.checkedParameters());
        // tanh, softmax and the loss are smooth: central differences with h = 1e-5 agree to
        // within 1e-7, so 1e-6 fails for a wrong gradient, not for rounding
        assertTrue(result.passes(1e-6), result::toString);
    }
}
