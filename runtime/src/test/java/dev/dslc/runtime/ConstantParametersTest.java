package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Parameters that are not trainable (a {@code const}): optimisers, the default
 * {@code sgdStep}, the gradient check and the trainer's gradient norms leave
 * them alone, even for a hand-written model that does write their gradients.
 */
class ConstantParametersTest {
    private static final double[] INPUT = {0.3, -1.2, 0.7};
    private static final double[] TARGET = {1.5};

    /** Linear regression whose weights w (3) are declared constant; backward still computes their gradient. */
    private static Model frozenWeights() {
        LinearRegression linear = new LinearRegression(3);
        System.arraycopy(new double[] {0.5, -0.25, 2.0, 0.1}, 0, linear.parameters(), 0, 4);
        return new ForwardingModel(linear) {
            private final List<Parameter> layout = List.of(new Parameter("w", 0, new int[] {3}, false),
                    new Parameter("b", 3, new int[0]));

            @Override
            public List<Parameter> parameterLayout() {
                return layout;
            }
        };
    }

    @Test
    void parameter_threeArgumentFormIsTrainable_andTrainabilityIsPartOfEquality() {
        Parameter trainable = new Parameter("mu", 2, new int[] {4});
        Parameter constant = new Parameter("mu", 2, new int[] {4}, false);

        assertTrue(trainable.trainable());
        assertFalse(constant.trainable());
        assertNotEquals(trainable, constant);
        assertTrue(trainable.samePlace(constant));
        assertEquals(new Parameter("mu", 2, new int[] {4}, true), trainable);
        assertEquals(new Parameter("mu", 2, new int[] {4}, true).hashCode(), trainable.hashCode());
    }

    @Test
    void trainableRanges_leaveOutConstants_andCountUnnamedElementsAsTrainable() {
        List<Parameter> layout = List.of(new Parameter("a", 0, new int[] {2}), new Parameter("c", 2, new int[] {3}, false),
                new Parameter("b", 5, new int[0]), new Parameter("d", 6, new int[0], false));

        assertArrayEquals(new int[] {0, 2, 5, 6, 7, 9}, TrainableRanges.of(layout, 9));
        assertArrayEquals(new int[] {0, 2, 5, 6}, TrainableRanges.of(layout, 7));
        assertArrayEquals(new int[] {0, 5}, TrainableRanges.of(List.of(new Parameter("a", 0, new int[] {5})), 5));
        assertArrayEquals(new int[0], TrainableRanges.of(List.of(new Parameter("c", 0, new int[] {5}, false)), 5));
        assertArrayEquals(new int[] {0, 1, 5, 6}, TrainableRanges.indices(new int[] {0, 2, 5, 7}));
    }

    @Test
    void everyOptimiser_leavesConstantsBitIdentical_evenWithNonZeroGradients() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(0.1), () -> new Sgd(0.1, 0.9),
                () -> Sgd.nesterov(0.1, 0.9), () -> new Adam(0.05), () -> Adam.adamW(0.05, 0.5));
        for (Supplier<Optimizer> supplier : optimizers) {
            for (boolean oneExample : new boolean[] {false, true}) {
                Model model = frozenWeights();
                double[] before = model.parameters().clone();
                Optimizer optimizer = supplier.get();
                for (int step = 0; step < 10; step++) {
                    if (oneExample) {
                        optimizer.step(model, INPUT, TARGET);
                    } else {
                        model.backward(INPUT, TARGET);
                        assertNotEquals(0.0, model.gradients()[0], "the test model does write w's gradient");
                        optimizer.step(model);
                    }
                }
                String what = optimizer.getClass().getSimpleName() + (oneExample ? " one example" : "");
                for (int i = 0; i < 3; i++) {
                    assertEquals(Double.doubleToRawLongBits(before[i]), Double.doubleToRawLongBits(model.parameters()[i]),
                            what + ": w[" + i + "]");
                }
                assertNotEquals(before[3], model.parameters()[3], what + " trains b");
            }
        }
    }

    @Test
    void defaultSgdStep_stepsOnlyTrainableElements() {
        Model model = frozenWeights();
        double error = 0.5 * 0.3 + 0.25 * 1.2 + 2.0 * 0.7 + 0.1 - 1.5;

        model.sgdStep(INPUT, TARGET, 0.1);

        assertArrayEquals(new double[] {0.5, -0.25, 2.0, 0.1 - 0.1 * error}, model.parameters(), 1e-15);
        assertArrayEquals(new double[4], model.gradients());
    }

    @Test
    void adamWSteps_withConstants_allocateNothing() {
        Model model = frozenWeights();
        Optimizer adamW = Adam.adamW(1e-3, 0.01);
        Runnable steps = () -> {
            for (int i = 0; i < 100_000; i++) {
                model.gradients()[3] = 0.5;
                adamW.step(model, 4);
            }
        };
        assertTrue(Allocations.bytesPerCall(steps, 100_000) < 1.0);
    }

    @Test
    void gradientCheck_comparesOnlyTrainableElements() {
        // w's gradient is wrong by 1 but w is constant: nothing to check there
        Model model = new BrokenModel(frozenWeights(), 1, 1.0);
        GradientCheck.Result result = GradientCheck.everyParameter().check(model, INPUT, TARGET);

        assertEquals(1, result.checkedParameters());
        assertEquals("b", result.worst().name());
        assertTrue(result.passes(1e-8), result.toString());
    }

    @Test
    void trainerGradientNorms_leaveOutConstants() {
        Model model = frozenWeights();
        double[][] inputs = new double[40][];
        Random random = new Random(4);
        double[][] targets = new double[40][];
        for (int i = 0; i < 40; i++) {
            inputs[i] = random.doubles(3).toArray();
            targets[i] = new double[] {random.nextDouble()};
        }
        TrainingReport report = Trainer.builder(new Sgd(0.01)).epochs(2).batchSize(4).gradientNorms(true).build()
                .train(model, new Dataset(inputs, targets));

        assertEquals(List.of("b"), report.epochs().get(1).gradientNorms().stream()
                .map(EpochResult.GradientNorm::parameter).toList());
        assertEquals(List.of(), report.epochs().get(1).warnings());
        assertArrayEquals(new double[] {0.5, -0.25, 2.0}, java.util.Arrays.copyOf(model.parameters(), 3));
    }
}
