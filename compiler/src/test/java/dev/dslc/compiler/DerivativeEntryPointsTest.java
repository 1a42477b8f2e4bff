package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.dslc.compiler.OperatorGradientTest.assertClose;
import static dev.dslc.compiler.OperatorGradientTest.inputs;
import static dev.dslc.compiler.OperatorGradientTest.targets;

import dev.dslc.compiler.OperatorCases.Case;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entry points beyond the loss gradient ({@code inputGradient},
 * {@code jacobian}, {@code hessianVectorProduct}) on every operator, function
 * and shape of {@link OperatorCases} and on random models of
 * {@link ModelGenerator}, each checked two ways at seeded random points:
 * against the IR interpreter evaluating the same derivative nodes, and
 * against central differences of the first derivative (of {@code loss} for
 * the input gradient, of {@code forward} for the Jacobian, of
 * {@code backward} along v for the Hessian-vector product). The
 * Hessian-vector product runs every operator's derivative through reverse
 * mode a second time, so this is also the test of every built-in's second
 * derivative.
 */
class DerivativeEntryPointsTest {
    private static final long[] SEEDS = {1, 2};
    private static final double STEP = 1e-6;
    /** Central differences of exact first derivatives: their error is some ulps of the derivative over the step. */
    private static final double TOLERANCE = 1e-6;
    /** Entries below this fraction of the largest are compared absolutely, to TOLERANCE times that. */
    private static final double FLOOR = 1e-2;
    /** Generated code and the interpreter may sum in different orders (as in {@link OperatorGradientTest}). */
    private static final double SAME_VALUE = 1e-12;
    private static final EmitOptions ALL = EmitOptions.DEFAULT.withDerivatives(EmitOptions.DerivativeEntryPoints.ALL);
    private static final Map<String, Class<? extends Model>> COMPILED = new ConcurrentHashMap<>();

    static Stream<Case> cases() {
        Stream<Case> random = LongStream.rangeClosed(1, 40)
                .mapToObj(seed -> new Case("random" + seed, ModelGenerator.generate(seed, "Random" + seed)));
        return Stream.concat(OperatorCases.all().stream(), random);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hessianVectorProduct_matchesTheInterpreterAndDifferencesOfBackward(Case c) {
        ReferenceModel reference = ReferenceModel.of(c.source());
        for (long seed : SEEDS) {
            Model model = instantiate(c, seed);
            double[] input = inputs(model, seed);
            double[] target = targets(model, seed);
            double[] v = new Random(seed * 31).doubles(model.parameterCount(), -1, 1).toArray();
            double[] hv = new double[model.parameterCount()];
            Arrays.fill(hv, Double.NaN); // every element must be written
            double loss = (double) call(model, "hessianVectorProduct", input, target, v, hv);
            assertEquals(model.loss(input, target), loss, SAME_VALUE * Math.max(1, Math.abs(loss)), "returned loss");
            assertClose(reference.hessianVectorProduct(input, target, model.parameters(), v), hv, "interpreter's Hv");

            // a const is held fixed: its slice of v must be ignored, so the differences move the trainable ones only
            double[] trainableV = v.clone();
            zeroConstSlices(model, trainableV);
            double[] differences = centralDifferences(model.parameters(), trainableV,
                    point -> gradient(model, input, target));
            zeroConstSlices(model, differences);
            assertNear(differences, hv, largest(gradient(model, input, target)), c + ": differences of backward along v, seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputGradient_matchesTheInterpreterAndDifferencesOfLoss(Case c) {
        ReferenceModel reference = ReferenceModel.of(c.source());
        for (long seed : SEEDS) {
            Model model = instantiate(c, seed);
            double[] input = inputs(model, seed);
            double[] target = targets(model, seed);
            double[] dInput = new double[model.inputSize()];
            Arrays.fill(dInput, Double.NaN);
            double loss = (double) call(model, "inputGradient", input, target, dInput);
            assertEquals(model.loss(input, target), loss, SAME_VALUE * Math.max(1, Math.abs(loss)), "returned loss");
            assertClose(reference.inputGradient(input, target, model.parameters()), dInput, "interpreter's dInput");

            double[] differences = new double[input.length];
            for (int i = 0; i < input.length; i++) {
                double[] direction = new double[input.length];
                direction[i] = 1;
                differences[i] = centralDifferences(input, direction,
                        point -> new double[] {model.loss(point, target)})[0];
            }
            assertNear(differences, dInput, Math.abs(loss), c + ": differences of loss, seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jacobian_matchesTheInterpreterAndDifferencesOfForward(Case c) {
        ReferenceModel reference = ReferenceModel.of(c.source());
        for (long seed : SEEDS) {
            Model model = instantiate(c, seed);
            double[] input = inputs(model, seed);
            int rows = model.outputSize();
            int width = model.inputSize();
            double[] jac = new double[rows * width];
            Arrays.fill(jac, Double.NaN);
            call(model, "jacobian", input, jac);
            assertClose(reference.jacobian(input, model.parameters()), jac, "interpreter's Jacobian");

            double[] differences = new double[rows * width];
            for (int i = 0; i < width; i++) {
                double[] direction = new double[width];
                direction[i] = 1;
                double[] column = centralDifferences(input, direction, point -> {
                    double[] output = new double[rows];
                    model.forward(point, output);
                    return output;
                });
                for (int k = 0; k < rows; k++) {
                    differences[k * width + i] = column[k];
                }
            }
            double[] output = new double[rows];
            model.forward(input, output);
            assertNear(differences, jac, largest(output), c + ": differences of forward, seed " + seed);
        }
    }

    /**
     * A class past 5,000 operations is written compactly (loop kernels shared between the steps of a
     * recurrence, which then take v and hv as arguments): asked for, it has the entry points, and they are right.
     */
    @Test
    void aCompactClass_hasThemWhenAsked_andTheyMatch() {
        Case recurrence = new Case("recurrence of 400 steps", LargeModelTest.recurrence(8, 4, 400));
        long operations = ReferenceModel.of(recurrence.source()).nodes().stream()
                .filter(n -> !n.inputs().isEmpty()).count();
        assertTrue(operations > 5_000, operations + " operations");

        hessianVectorProduct_matchesTheInterpreterAndDifferencesOfBackward(recurrence);
        inputGradient_matchesTheInterpreterAndDifferencesOfLoss(recurrence);
        jacobian_matchesTheInterpreterAndDifferencesOfForward(recurrence);
    }

    /** What a function of {@code point} gives, differenced along {@code direction}; {@code point} is restored. */
    private static double[] centralDifferences(double[] point, double[] direction,
            java.util.function.Function<double[], double[]> function) {
        double[] saved = point.clone();
        for (int i = 0; i < point.length; i++) {
            point[i] = saved[i] + STEP * direction[i];
        }
        double[] plus = function.apply(point).clone();
        for (int i = 0; i < point.length; i++) {
            point[i] = saved[i] - STEP * direction[i];
        }
        double[] minus = function.apply(point).clone();
        System.arraycopy(saved, 0, point, 0, point.length);
        double[] result = new double[plus.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = (plus[i] - minus[i]) / (2 * STEP);
        }
        return result;
    }

    private static double[] gradient(Model model, double[] input, double[] target) {
        model.zeroGradients();
        model.backward(input, target);
        return model.gradients();
    }

    /** A const is held fixed: backward leaves its gradient slice alone, and H v's slice is zero. */
    private static void zeroConstSlices(Model model, double[] values) {
        for (dev.dslc.runtime.Parameter parameter : model.parameterLayout()) {
            if (!parameter.trainable()) {
                Arrays.fill(values, parameter.offset(), parameter.offset() + parameter.size(), 0.0);
            }
        }
    }

    private static double largest(double[] values) {
        return Arrays.stream(values).map(Math::abs).max().orElse(0);
    }

    /**
     * Central differences against the exact value: relative, with small entries compared absolutely. The
     * differences carry the rounding noise of the values differenced, some ulps of {@code differenced} over the
     * step, so entries below FLOOR times the larger of it and the largest entry are compared to TOLERANCE of that.
     */
    private static void assertNear(double[] differences, double[] actual, double differenced, String what) {
        double scale = Math.max(1, Math.max(differenced, largest(actual)));
        for (int i = 0; i < actual.length; i++) {
            double allowed = TOLERANCE * Math.max(Math.abs(actual[i]), FLOOR * scale);
            int k = i;
            assertTrue(Math.abs(differences[i] - actual[i]) <= allowed, () -> what + "[" + k + "]: differences "
                    + differences[k] + ", generated " + actual[k]);
        }
    }

    private static Object call(Model model, String name, Object... arguments) {
        try {
            Method method = Arrays.stream(model.getClass().getMethods()).filter(m -> m.getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError(model.getClass().getSimpleName() + " has no " + name));
            return method.invoke(model, arguments);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static Model instantiate(Case c, long seed) {
        Class<? extends Model> type = COMPILED.computeIfAbsent(c.name(),
                name -> ModelLoader.load(TestModels.generate("case.nn", c.source(), ALL)));
        try {
            return type.getConstructor(long.class).newInstance(seed);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
