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

    /** Against the two-branch textbook form, relative to the value itself, far into both tails. */
    @Test
    void sigmoid_isAccurateRelativeToItsValue_onBothSides() {
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            double x = random.nextGaussian() * 30;
            double expected = x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x));
            assertEquals(expected, Activations.sigmoid(x), 8 * Math.ulp(expected), "sigmoid(" + x + ")");
        }
        assertEquals(0.5, Activations.sigmoid(0.0));
        assertEquals(1.0, Activations.sigmoid(1000.0));
        assertEquals(0.0, Activations.sigmoid(-1000.0));
        assertEquals(Math.exp(-700), Activations.sigmoid(-700.0), 8 * Math.ulp(Math.exp(-700)));
        assertTrue(Double.isNaN(Activations.sigmoid(Double.NaN)));
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
