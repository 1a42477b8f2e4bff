package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizationTest {
    /** Three examples of four inputs: a column that never varies, one far from zero, two ordinary ones. */
    private static final Dataset DATA = new Dataset(
            new double[][] {{1, 5, 1e9 + 1, -2}, {2, 5, 1e9 + 2, 0}, {6, 5, 1e9 + 6, 2, 99}},
            new double[][] {{0}, {1}, {0}});

    /** A model with the given layout over {@code parameterCount} parameters; only the layout matters here. */
    private static Model model(int inputSize, int parameterCount, Parameter... layout) {
        return new TestModel(inputSize, 1, 1) {
            private final double[] values = new double[parameterCount];

            @Override
            public double[] parameters() {
                return values;
            }

            @Override
            public int parameterCount() {
                return values.length;
            }

            @Override
            public List<Parameter> parameterLayout() {
                return List.of(layout);
            }

            public void forward(double[] input, double[] output) {
            }

            public double loss(double[] input, double[] target) {
                return 0;
            }

            public double backward(double[] input, double[] target) {
                return 0;
            }
        };
    }

    private static Model standardized() {
        return model(4, 9, new Parameter("W", 0, new int[0]), new Parameter("mu", 1, new int[] {4}, false),
                new Parameter("sigma", 5, new int[] {4}, false));
    }

    @Test
    void fit_setsThePopulationMeanAndStandardDeviation_perInput() {
        Model model = standardized();
        model.parameters()[0] = 0.25;

        Standardization.fit(model, DATA, "mu", "sigma");

        double[] p = model.parameters();
        assertEquals(0.25, p[0], "a parameter that is not named is untouched");
        assertArrayEquals(new double[] {3, 5, 1e9 + 3, 0}, new double[] {p[1], p[2], p[3], p[4]}, 1e-6);
        double std = Math.sqrt((4 + 1 + 9) / 3.0);   // of 1, 2, 6 (and of 1e9 + 1, 2, 6), divided by n
        double spread = Math.sqrt(8 / 3.0);         // of -2, 0, 2
        assertEquals(std, p[5], 1e-15);
        assertEquals(1.0, p[6], "a feature that never varies gets 1, not 0");
        assertEquals(std, p[7], 1e-12, "two passes: no cancellation far from zero");
        assertEquals(spread, p[8], 1e-15);
    }

    @Test
    void fit_withOneRowOfConstants_describesTheColumnsOfARowMajorInput() {
        // an input [2, 2]: mu[2] and sigma[2] describe its two columns over both rows
        Model model = model(4, 4, new Parameter("mu", 0, new int[] {2}, false),
                new Parameter("sigma", 2, new int[] {2}, false));

        Standardization.fit(model, new Dataset(new double[][] {{1, 10, 3, 10}, {5, 20, 7, 20}},
                new double[][] {{0}, {0}}), "mu", "sigma");

        assertArrayEquals(new double[] {4, 15, Math.sqrt(5), 5}, model.parameters(), 1e-15);
    }

    @Test
    void fit_refusesWhatItCannotFill_andLeavesTheModelUnchanged() {
        Model model = standardized();
        assertEquals("the model has no constant 'm'; its constants are mu, sigma",
                refusal(model, DATA, "m", "sigma"));
        assertEquals("'W' is a trainable parameter, which training would change; declare it as a constant: const W",
                refusal(model, DATA, "W", "sigma"));
        assertEquals("the mean and the scale need two constants, not 'mu' twice", refusal(model, DATA, "mu", "mu"));
        assertEquals("no examples to take the mean and standard deviation of",
                refusal(model, new Dataset(new double[0][], new double[0][]), "mu", "sigma"));
        assertTrue(refusal(model, new Dataset(new double[][] {{1, 2}}, new double[][] {{0}}), "mu", "sigma")
                .contains("input 0"));
        Model odd = model(4, 6, new Parameter("mu", 0, new int[] {3}, false), new Parameter("sigma", 3, new int[] {3}, false));
        assertEquals("'mu' has 3 elements, which fits neither the model's 4 inputs nor rows of them; give it 4 elements"
                + " (or a number of columns that divides it)", refusal(odd, DATA, "mu", "sigma"));
        Model unequal = model(4, 6, new Parameter("mu", 0, new int[] {4}, false), new Parameter("s", 4, new int[] {2}, false));
        assertEquals("'mu' has 4 elements but 's' has 2; they must describe the same features",
                refusal(unequal, DATA, "mu", "s"));
        Model none = model(4, 1, new Parameter("W", 0, new int[0]));
        assertEquals("the model has no constant 'mu'; it declares none (const mu[n])", refusal(none, DATA, "mu", "s"));
        assertArrayEquals(new double[9], model.parameters());
    }

    private static String refusal(Model model, Dataset data, String mean, String scale) {
        return assertThrows(IllegalArgumentException.class, () -> Standardization.fit(model, data, mean, scale))
                .getMessage();
    }
}
