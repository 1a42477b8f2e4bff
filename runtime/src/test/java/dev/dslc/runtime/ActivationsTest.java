package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void tanh_isWithinTwoUlpsOfMathTanh_acrossScales() {
        Random random = new Random(3);
        for (double scale : new double[] {1e-300, 1e-8, 1e-3, 0.3, 0.625, 1, 3, 20, 400}) {
            for (int i = 0; i < 200_000; i++) {
                double x = random.nextGaussian() * scale;
                double expected = Math.tanh(x);
                double ulps = Math.abs(Activations.tanh(x) - expected) / Math.ulp(expected);
                assertTrue(ulps <= 2, "tanh(" + x + ") is " + Activations.tanh(x) + ", Math.tanh " + expected);
            }
        }
    }

    @Test
    void tanh_keepsTheSpecialValuesOfMathTanh() {
        for (double x : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, -Double.MIN_VALUE, 0.625, -0.625, 1e308}) {
            assertEquals(Math.tanh(x), Activations.tanh(x), 0.0, "tanh(" + x + ")");
            assertEquals(1 / Math.tanh(x) > 0, 1 / Activations.tanh(x) > 0, "sign of tanh(" + x + ")");
        }
    }
}
