package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {
    private static final double EXACT = 1e-12;

    /** A one-parameter model whose gradient the test sets directly before each step. */
    private static Quadratic single(double value) {
        return (Quadratic) new Quadratic(new double[] {0.0, 0.0}, new double[2]).with(value, 0.0);
    }

    /** Sets gradient[0] to each value in turn, steps, and returns parameter 0 after each step. */
    private static double[] trajectory(Optimizer optimizer, Model model, double... gradients) {
        double[] values = new double[gradients.length];
        for (int i = 0; i < gradients.length; i++) {
            model.gradients()[0] = gradients[i];
            optimizer.step(model);
            values[i] = model.parameters()[0];
        }
        return values;
    }

    @Test
    void sgd_subtractsLearningRateTimesGradient() {
        Model model = new LinearRegression(1).with(1.0, -2.0);
        model.gradients()[0] = 0.5;
        model.gradients()[1] = -1.5;
        new Sgd(0.1).step(model);
        assertArrayEquals(new double[] {0.95, -1.85}, model.parameters(), EXACT);
    }

    /** A model that counts fused steps, on top of the interface's own sgdStep. */
    private static final class CountingRegression extends ForwardingModel {
        int fusedSteps;
        double lastRate;

        CountingRegression() {
            super(new LinearRegression(2).with(0.5, -1.0, 0.25));
        }

        @Override
        public double sgdStep(double[] input, double[] target, double learningRate) {
            fusedSteps++;
            lastRate = learningRate;
            return super.sgdStep(input, target, learningRate);
        }
    }

    @Test
    void stepOnAnExample_isBackwardThenStep() {
        double[] x = {1, 2};
        double[] y = {3};
        for (Supplier<Optimizer> optimizer : java.util.List.<Supplier<Optimizer>>of(() -> new Sgd(0.1),
                () -> new Sgd(0.1, 0.9), () -> Sgd.nesterov(0.1, 0.5), () -> new Adam(0.1))) {
            Model fused = new LinearRegression(2).with(0.5, -1.0, 0.25);
            Model separate = new LinearRegression(2).with(0.5, -1.0, 0.25);
            Optimizer a = optimizer.get();
            Optimizer b = optimizer.get();
            for (int i = 0; i < 3; i++) {
                double loss = a.step(fused, x, y);
                double expected = separate.backward(x, y);
                b.step(separate);
                assertEquals(expected, loss, EXACT);
                assertArrayEquals(separate.parameters(), fused.parameters(), EXACT);
                assertArrayEquals(new double[3], fused.gradients());
            }
            assertEquals(3, a.stepCount());
        }
    }

    @Test
    void stepOnAnExample_fusesPlainSgdOnly_withTheScheduledRate() {
        CountingRegression plain = new CountingRegression();
        Optimizer decaying = new Sgd(LearningRateSchedule.stepDecay(0.1, 0.5, 1), 0.0);
        decaying.step(plain, new double[] {1, 2}, new double[] {3});
        decaying.step(plain, new double[] {1, 2}, new double[] {3});
        assertEquals(2, plain.fusedSteps);
        assertEquals(0.05, plain.lastRate, EXACT);

        CountingRegression momentum = new CountingRegression();
        new Sgd(0.1, 0.9).step(momentum, new double[] {1, 2}, new double[] {3});
        new Adam(0.1).step(new CountingRegression(), new double[] {1, 2}, new double[] {3});
        assertEquals(0, momentum.fusedSteps);
    }

    @Test
    void step_zeroesGradients() {
        Model model = new LinearRegression(2);
        model.backward(new double[] {1, 2}, new double[] {3});
        new Adam(0.1).step(model);
        assertArrayEquals(new double[3], model.gradients());
    }

    @Test
    void sgdMomentum_matchesHandComputedVelocity() {
        // v = 0.9 v + g; p -= 0.1 v: v = 2, 0.8, -0.28; p = -0.2, -0.28, -0.252
        double[] path = trajectory(new Sgd(0.1, 0.9), single(0.0), 2.0, -1.0, -1.0);
        assertArrayEquals(new double[] {-0.2, -0.28, -0.252}, path, EXACT);
    }

    @Test
    void sgdNesterov_matchesHandComputedLookahead() {
        // v = 0.9 v + g; p -= 0.1 (g + 0.9 v): v = 1, 1.9, 2.71; steps 0.19, 0.271, 0.3439
        double[] path = trajectory(Sgd.nesterov(0.1, 0.9), single(0.0), 1.0, 1.0, 1.0);
        assertArrayEquals(new double[] {-0.19, -0.461, -0.8049}, path, EXACT);
    }

    @Test
    void adam_matchesHandComputedBiasCorrectedSteps() {
        // t=1: m = 0.2, v = 0.004, m^ = 2, v^ = 4: p = 1 - 0.1 * 2 / (2 + 1e-8)
        // t=2: m = 0.08, v = 0.004996, m^ = 0.08 / 0.19, v^ = 0.004996 / 0.001999
        double[] path = trajectory(new Adam(0.1), single(1.0), 2.0, -1.0);
        assertArrayEquals(new double[] {0.9000000005, 0.8733662967024315}, path, EXACT);
    }

    @Test
    void adamW_decaysParametersBeforeTheAdamStep() {
        // t=1: p = 1 * (1 - 0.1 * 0.1) - 0.0999999995
        double[] path = trajectory(Adam.adamW(0.1, 0.1), single(1.0), 2.0, -1.0);
        assertArrayEquals(new double[] {0.8900000005, 0.8544662966974315}, path, EXACT);
    }

    @Test
    void adamW_decaysEvenWhereTheGradientIsZero() {
        Model model = single(2.0);
        Adam.adamW(0.5, 0.2).step(model);
        assertEquals(2.0 * (1 - 0.5 * 0.2), model.parameters()[0], EXACT);
        assertEquals(0.0, model.parameters()[1], EXACT);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> new Sgd(0.05)),
                Arguments.of("momentum", (Supplier<Optimizer>) () -> new Sgd(0.02, 0.9)),
                Arguments.of("nesterov", (Supplier<Optimizer>) () -> Sgd.nesterov(0.02, 0.9)),
                Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(0.05)),
                Arguments.of("adamW", (Supplier<Optimizer>) () -> Adam.adamW(0.05, 1e-4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void batchStep_usesTheMeanOfTheAccumulatedGradients(String name, Supplier<Optimizer> make) {
        Model summed = single(1.0);
        Model mean = single(1.0);
        Optimizer onSum = make.get();
        Optimizer onMean = make.get();
        for (int step = 0; step < 3; step++) {
            summed.gradients()[0] = 4 * (step + 1.5);
            onSum.step(summed, 4);
            mean.gradients()[0] = step + 1.5;
            onMean.step(mean);
        }
        assertEquals(mean.parameters()[0], summed.parameters()[0], EXACT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void minimisesAnIllConditionedQuadratic(String name, Supplier<Optimizer> make) {
        Quadratic model = new Quadratic(new double[] {1.0, 10.0, 0.5, 4.0}, new double[] {3, -1, 2, 0.5});
        Optimizer optimizer = make.get();
        for (int step = 0; step < 5000; step++) {
            model.backward(null, null);
            optimizer.step(model);
        }
        assertTrue(model.distanceFromMinimum() < 1e-3, name + " ended " + model.distanceFromMinimum() + " away");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void fitsSeparableLogisticRegression(String name, Supplier<Optimizer> make) {
        LogisticRegression model = new LogisticRegression(2);
        double[][] inputs = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {-1, 0}};
        double[][] targets = {{0}, {0}, {0}, {1}, {1}, {0}};
        Optimizer optimizer = make.get();
        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 0; epoch < 2000; epoch++) {
            last = 0.0;
            for (int i = 0; i < inputs.length; i++) {
                last += model.backward(inputs[i], targets[i]);
            }
            optimizer.step(model, inputs.length);
            first = epoch == 0 ? last : first;
        }
        assertTrue(last < 0.2 * first, name + ": loss went from " + first + " to " + last);
        double[] output = new double[1];
        for (int i = 0; i < inputs.length; i++) {
            model.forward(inputs[i], output);
            assertEquals(targets[i][0], Math.round(output[0]), name + " misclassifies example " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepsAfterWarmUp_allocateNothing(String name, Supplier<Optimizer> make) {
        double[] curvature = new double[100];
        java.util.Arrays.fill(curvature, 1.0);
        Quadratic model = new Quadratic(curvature, new double[100]);
        Optimizer optimizer = make.get();
        Runnable steps = () -> {
            for (int i = 0; i < 100_000; i++) {
                model.backward(null, null);
                optimizer.step(model, 2);
            }
        };
        double bytesPerStep = Allocations.bytesPerCall(steps, 100_000);
        assertTrue(bytesPerStep < 1.0, name + " allocated " + bytesPerStep + " bytes per step");
    }

    @Test
    void schedule_setsTheRateOfEachStep() {
        Model model = single(0.0);
        Optimizer sgd = new Sgd(LearningRateSchedule.stepDecay(0.1, 0.5, 2), 0.0);
        double[] path = trajectory(sgd, model, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertArrayEquals(new double[] {-0.1, -0.2, -0.25, -0.3, -0.325}, path, EXACT);
        assertEquals(5, sgd.stepCount());
        assertEquals(0.025, sgd.nextLearningRate(), EXACT);
    }

    @Test
    void optimiser_refusesASecondModelOfAnotherSizeUntilReset() {
        Optimizer adam = new Adam(0.1);
        adam.step(new LinearRegression(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> adam.step(new LinearRegression(5)));
        assertTrue(e.getMessage().contains("3 parameters, not 6"), e.getMessage());
        adam.reset();
        adam.step(new LinearRegression(5));
        assertEquals(1, adam.stepCount());
    }

    @Test
    void reset_restartsTheMomentsAndBiasCorrection() {
        Adam adam = new Adam(0.1);
        trajectory(adam, single(1.0), 5.0, 5.0, 5.0);
        adam.reset();
        double[] path = trajectory(adam, single(1.0), 2.0, -1.0);
        assertArrayEquals(new double[] {0.9000000005, 0.8733662967024315}, path, EXACT);
    }

    @Test
    void invalidArguments_areRefusedWithTheValue() {
        Model model = single(0.0);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).step(model, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.5));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adam(LearningRateSchedule.constant(0.1), 1.0, 0.9, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(LearningRateSchedule.constant(0.1), 0.9, 0.9, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Adam.adamW(0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Adam((LearningRateSchedule) null));
    }
}
