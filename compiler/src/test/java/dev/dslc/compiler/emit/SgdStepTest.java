package dev.dslc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.ModelSources;
import dev.dslc.compiler.SgdSteps;
import dev.dslc.compiler.TestModels;
import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused {@code sgdStep(input, target, learningRate)} takes the step that
 * {@code backward} and {@code p -= learningRate * g} take, every parameter
 * stepped only after everything that reads it, without touching
 * {@code gradients()}.
 */
class SgdStepTest {
    /** Each weight's step is its gradient's terms scaled one by one: the same to within rounding. */
    private static final double TOLERANCE = 1e-12;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("xor.nn", TestModels.sample("xor.nn")),
                Arguments.of("seed221.nn", TestModels.sample("seed221.nn")),
                Arguments.of("64-32-10 with weight decay", TestModels.load(BatchedBackwardTest.DENSE_64_32_10)),
                Arguments.of("every operation", TestModels.load(BatchedBackwardTest.EVERY_OPERATION)),
                Arguments.of("matrix products", TestModels.load(BatchedBackwardTest.MATRIX_PRODUCTS)),
                // 128 weight rows, each written out as its own vectorised loop.
                Arguments.of("784-128-10", TestModels.load(ModelSources.twoLayer(784, 128, 10, "relu"))),
                // More rows than are written out: each goes through the row buffer.
                Arguments.of("64-200-10", TestModels.load(ModelSources.twoLayer(64, 200, 10, "relu"))),
                Arguments.of("a parameter's gradient reads the parameter", TestModels.load("""
                        input  x[3]
                        target y
                        param  w[3] ~ uniform(-1, 1)
                        param  a ~ uniform(0.5, 1)
                        output a * dot(w, x)
                        loss   square(a * dot(w, x) - y) + sum(w ^ 3) + a * sum(exp(w))
                        """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sgdStep_takesTheStepOfBackwardThenUpdate(String name, Model model) {
        assertNull(SgdSteps.disagreement(model, 3, 11L, TOLERANCE));
    }

    /**
     * Row-group methods are called with -1, doing nothing, for their first
     * 10,000 calls (MethodEmitter.WARM_UP_CALLS): the gradient is the same to
     * the bit in those steps and after them, when those calls stop.
     */
    @Test
    void backward_givesTheSameGradientWhileRowGroupsAreWarmedUpAndAfter() throws ReflectiveOperationException {
        Model model = TestModels.load(CodeShapeDecisionsTest.dense(784, 16, 16, 10));
        double[] input = new double[784];
        double[] target = new double[10];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextDouble();
        }
        target[3] = 1.0;
        double firstLoss = model.backward(input, target);
        double[] first = model.gradients().clone();
        // 10,000 top-up calls: 62 of W1's gradient rows a step, 60 of W1 @ x
        for (int step = 0; step < 400; step++) {
            model.zeroGradients();
            assertEquals(firstLoss, model.backward(input, target), 0.0);
        }
        assertArrayEquals(first, model.gradients(), 0.0);
        assertTrue(Arrays.stream(first).filter(g -> g != 0.0).count() > 1_000, "W1's gradient rows were written");
        for (String method : new String[] {"forwardValuesRows0", "addScaledGradientRows0"}) {
            java.lang.reflect.Field counter = model.getClass().getDeclaredField(method + "WarmUpCalls");
            counter.setAccessible(true);
            assertTrue(counter.getInt(model) >= MethodEmitter.WARM_UP_CALLS, method + ": the warm-up calls stopped");
        }
    }

    @Test
    void sgdStep_leavesGradientsAsTheyWere() {
        Model model = TestModels.sample("xor.nn");
        Arrays.fill(model.gradients(), 0.25);

        model.sgdStep(new double[] {1, 0}, new double[] {1}, 0.1);

        assertTrue(Arrays.stream(model.gradients()).allMatch(g -> g == 0.25));
    }

    @Test
    void sgdStep_rejectsShortArraysBeforeChangingAnything() {
        Model model = TestModels.sample("xor.nn");
        double[] before = model.parameters().clone();

        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> model.sgdStep(new double[1], new double[1], 0.1));
        IllegalArgumentException shortTarget = assertThrows(IllegalArgumentException.class,
                () -> model.sgdStep(new double[2], new double[0], 0.1));

        assertTrue(shortInput.getMessage().contains("2"), shortInput.getMessage());
        assertTrue(shortTarget.getMessage().contains("1"), shortTarget.getMessage());
        assertArrayEquals(before, model.parameters());
    }

    /** dL/dV is W itself: stepping W first would change V's step, so the class keeps the interface's default. */
    @Test
    void sgdStep_ofAModelWhoseGradientIsAnotherParameter_isBackwardThenUpdate() throws Exception {
        String source = """
                input  x[2]
                param  W[2] ~ uniform(-1, 1)
                param  V[2] ~ uniform(-1, 1)
                output dot(W, x)
                loss   sum(W * V) + dot(W, x)
                """;
        Model model = TestModels.load(source);

        assertFalse(TestModels.generate("leaf.nn", source).source().contains("sgdStep"));
        assertEquals(Model.class, model.getClass().getMethod("sgdStep", double[].class, double[].class, double.class)
                .getDeclaringClass());
        assertNull(SgdSteps.disagreement(model, 3, 5L, 0.0));
    }
}
