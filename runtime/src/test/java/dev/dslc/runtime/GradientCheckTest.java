package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
    private static final double[] INPUT = {0.3, -1.2, 0.7};

    private static TestModel softmax() {
        TestModel model = new SoftmaxRegression(3, 4);
        Random random = new Random(7);
        for (int i = 0; i < model.parameters.length; i++) {
            model.parameters[i] = random.nextGaussian();
        }
        return model;
    }

    private static final double[] ONE_HOT = {0, 0, 1, 0};

    @Test
    void correctModels_passWithinOneInAMillion() {
        TestModel linear = new LinearRegression(3).with(0.5, -0.25, 2.0, 0.1);
        TestModel logistic = new LogisticRegression(3).with(0.5, -0.25, 2.0, 0.1);
        assertTrue(GradientCheck.everyParameter().check(linear, INPUT, new double[] {1.5}).passes(1e-6));
        assertTrue(GradientCheck.everyParameter().check(logistic, INPUT, new double[] {1.0}).passes(1e-6));
        GradientCheck.Result result = GradientCheck.everyParameter().check(softmax(), INPUT, ONE_HOT);
        assertTrue(result.passes(1e-6), result.toString());
    }

    @Test
    void wrongGradient_isFoundAndNamedByParameterAndPosition() {
        // W is [4, 3]: flat index 5 is row 1, column 2
        Model broken = new BrokenModel(softmax(), 5, 1e-3);
        GradientCheck.Result result = GradientCheck.everyParameter().check(broken, INPUT, ONE_HOT);
        assertFalse(result.passes(1e-6));
        assertEquals(new ParameterLocation("W", 5, 5, new int[] {1, 2}), result.worst());
        assertEquals(1e-3, result.analytic() - result.numeric(), 1e-8);
        assertTrue(result.toString().startsWith("largest relative gradient error"), result.toString());
        assertTrue(result.toString().contains("W[1, 2] (element 5 of W, parameters()[5])"), result.toString());
    }

    @Test
    void wrongBiasGradient_isNamedWithItsElementWithinTheParameter() {
        Model broken = new BrokenModel(softmax(), 14, -0.5);
        ParameterLocation worst = GradientCheck.everyParameter().check(broken, INPUT, ONE_HOT).worst();
        assertEquals("b", worst.name());
        assertEquals(2, worst.element());
        assertArrayEquals(new int[] {2}, worst.position());
    }

    @Test
    void wrongScalarGradient_hasNoCoordinates() {
        Model broken = new BrokenModel(new LinearRegression(3).with(1, 1, 1, 1), 3, 0.1);
        ParameterLocation worst = GradientCheck.everyParameter().check(broken, INPUT, new double[] {0}).worst();
        assertEquals("b", worst.name());
        assertEquals(0, worst.position().length);
        assertEquals("b (element 0 of b, parameters()[3])", worst.toString());
    }

    @Test
    void cost_isTwoLossEvaluationsPerParameterAndOneBackwardPass() {
        GradientCheck.Result result = GradientCheck.everyParameter().check(softmax(), INPUT, ONE_HOT);
        assertEquals(16, result.checkedParameters());
        assertEquals(32, result.lossEvaluations());
        assertEquals(1, result.backwardPasses());
    }

    @Test
    void parametersAndGradients_areRestoredBitForBit() {
        TestModel model = softmax();
        Random random = new Random(3);
        for (int i = 0; i < model.gradients.length; i++) {
            model.gradients[i] = random.nextGaussian(); // gradients accumulated before the check
        }
        double[] parameters = model.parameters().clone();
        double[] gradients = model.gradients().clone();
        GradientCheck.everyParameter().check(model, INPUT, ONE_HOT);
        assertArrayEquals(parameters, model.parameters());
        assertArrayEquals(gradients, model.gradients());
    }

    @Test
    void parametersAndGradients_areRestoredWhenTheModelThrows() {
        TestModel inner = softmax();
        inner.gradients[0] = 42.0;
        double[] parameters = inner.parameters().clone();
        Model failing = new BrokenModel(inner, 0, 0.0) {
            private int calls;

            @Override
            public double loss(double[] input, double[] target) {
                if (++calls == 7) {
                    throw new IllegalStateException("boom");
                }
                return super.loss(input, target);
            }
        };
        assertThrows(IllegalStateException.class,
                () -> GradientCheck.everyParameter().check(failing, INPUT, ONE_HOT));
        assertArrayEquals(parameters, inner.parameters());
        assertEquals(42.0, inner.gradients()[0]);
    }

    @Test
    void sample_checksAtMostTheGivenNumberOfParametersReproducibly() {
        TestModel big = new LinearRegression(1000);
        double[] input = new Random(1).doubles(1000).toArray();
        GradientCheck sample = GradientCheck.sample(50, 9L);
        GradientCheck.Result first = sample.check(big, input, new double[] {3.0});
        GradientCheck.Result second = sample.check(big, input, new double[] {3.0});
        assertEquals(50, first.checkedParameters());
        assertEquals(100, first.lossEvaluations());
        assertEquals(first, second);
        assertTrue(first.passes(1e-6), first.toString());
    }

    @Test
    void sample_largerThanTheModel_checksEveryParameter() {
        GradientCheck.Result result = GradientCheck.sample(1000, 1L).check(softmax(), INPUT, ONE_HOT);
        assertEquals(16, result.checkedParameters());
    }

    @Test
    void sample_findsAWrongGradientWhenEveryElementIsChecked() {
        Model broken = new BrokenModel(new LinearRegression(20), 13, 1.0);
        double[] input = new Random(1).doubles(20).toArray();
        ParameterLocation worst = GradientCheck.sample(21, 5L).check(broken, input, new double[] {1}).worst();
        assertEquals(new ParameterLocation("w", 13, 13, new int[] {13}), worst);
    }

    @Test
    void nanGradient_failsTheCheckAndIsNamed() {
        Model broken = new BrokenModel(softmax(), 9, Double.NaN);
        GradientCheck.Result result = GradientCheck.everyParameter().check(broken, INPUT, ONE_HOT);
        assertTrue(Double.isNaN(result.largestRelativeError()));
        assertFalse(result.passes(1e-6));
        assertEquals(9, result.worst().flatIndex());
    }

    @Test
    void gradientsThatAreBothZero_haveNoError() {
        // the input's zero element gives w[1] an exactly zero gradient
        Model model = new LinearRegression(3).with(1, 2, 3, 4);
        GradientCheck.Result result = GradientCheck.everyParameter()
                .check(model, new double[] {1, 0, 1}, new double[] {8});
        assertEquals(0.0, result.largestRelativeError(), 1e-6);
    }

    @Test
    void modelWithoutParameters_passesTrivially() {
        TestModel empty = new TestModel(1, 1, 1) {
            public void forward(double[] input, double[] output) {
            }

            public double loss(double[] input, double[] target) {
                return 0;
            }

            public double backward(double[] input, double[] target) {
                return 0;
            }
        };
        GradientCheck.Result result = GradientCheck.everyParameter().check(empty, INPUT, ONE_HOT);
        assertNull(result.worst());
        assertEquals(0, result.lossEvaluations());
        assertTrue(result.toString().contains("no parameters"));
    }

    /** y = relu(w . x + b), loss = (y - t)^2 / 2, with relu'(0) = 0 as the language defines it. */
    private static TestModel reluNeuron() {
        return new TestModel(3, 1, 1, "w", new int[] {3}, "b", new int[0]) {
            public void forward(double[] input, double[] output) {
                output[0] = Math.max(0.0, preActivation(input));
            }

            public double loss(double[] input, double[] target) {
                double error = Math.max(0.0, preActivation(input)) - target[0];
                return 0.5 * error * error;
            }

            public double backward(double[] input, double[] target) {
                double z = preActivation(input);
                double error = Math.max(0.0, z) - target[0];
                double slope = z > 0 ? error : 0.0;
                for (int i = 0; i < 3; i++) {
                    gradients[i] += slope * input[i];
                }
                gradients[3] += slope;
                return 0.5 * error * error;
            }

            private double preActivation(double[] input) {
                return parameters[0] * input[0] + parameters[1] * input[1] + parameters[2] * input[2] + parameters[3];
            }
        };
    }

    @Test
    void allZeroInputToARelu_isReportedAsAKink_notAsAWrongGradient() {
        GradientCheck.Result result = GradientCheck.everyParameter()
                .check(reluNeuron(), new double[] {0, 0, 0}, new double[] {1});

        assertEquals(1.0, result.largestRelativeError(), 1e-4);
        assertEquals("b", result.worst().name());
        assertTrue(result.atKink(), result.toString());
        assertEquals(0.0, result.slopeBelow());
        assertEquals(-1.0, result.slopeAbove(), 1e-4);
        assertEquals(2 * 4 + 3, result.lossEvaluations());
        assertTrue(result.toString().contains("b sits at a kink of the loss: the slope is 0.0 just below and -0.99"),
                result.toString());
        assertTrue(result.toString().contains("check again at an input away from the kink"), result.toString());
    }

    @Test
    void reluAwayFromItsKink_passesWithoutTheProbe() {
        TestModel model = reluNeuron().with(0.5, -0.25, 1.0, 0.1);
        GradientCheck.Result result = GradientCheck.everyParameter().check(model, INPUT, new double[] {1});

        assertTrue(result.passes(1e-6), result.toString());
        assertFalse(result.atKink());
        assertEquals(8, result.lossEvaluations());
        assertTrue(Double.isNaN(result.slopeBelow()));
    }

    @Test
    void wrongGradientOnASmoothLoss_isNotMistakenForAKink() {
        for (double error : new double[] {1e-5, 1e-3, 0.5}) {
            GradientCheck.Result result = GradientCheck.everyParameter()
                    .check(new BrokenModel(softmax(), 5, error), INPUT, ONE_HOT);
            assertFalse(result.passes(1e-6));
            assertFalse(result.atKink(), result.toString());
            assertFalse(result.toString().contains("kink"), result.toString());
        }
    }

    @Test
    void options_areValidated() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.sample(0, 1L));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.everyParameter().withStep(0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.everyParameter().withAbsoluteFloor(-1));
        assertTrue(GradientCheck.everyParameter().withStep(1e-4).withAbsoluteFloor(1e-8)
                .check(softmax(), INPUT, ONE_HOT).passes(1e-5));
    }

    @Test
    void location_ofAnIndexOutsideTheLayout_isRefused() {
        List<Parameter> layout = List.of(new Parameter("w", 0, new int[] {2, 2}));
        assertEquals(new ParameterLocation("w", 3, 3, new int[] {1, 1}), ParameterLocation.of(layout, 3));
        assertThrows(IllegalArgumentException.class, () -> ParameterLocation.of(layout, 4));
    }
}
