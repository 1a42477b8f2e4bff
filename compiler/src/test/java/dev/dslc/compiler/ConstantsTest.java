package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Adam;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.GradientCheck;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Optimizer;
import dev.dslc.runtime.Parameter;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.Sgd;
import dev.dslc.runtime.Trainer;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code const}: part of the parameter array and its file, never differentiated
 * or trained. Checked with numbers: slots of constants stay exactly 0 in
 * {@code gradients()} and their values bit for bit what they were.
 */
class ConstantsTest {
    /** A model that standardises its own input with two constants declared before the weights. */
    static final String STANDARDIZED = """
            model Standardized
            input  x[3]
            target y[1]
            const  mu[3] = [0.5, -1, 2]
            const  sigma[3] = [2, 0.5, 4]
            param  W[4, 3] ~ xavier
            param  b[4] = 0.1
            param  v[1, 4] ~ xavier
            const  scale ~ uniform(1, 2)
            xs = (x - mu) / sigma
            h  = tanh(W @ xs + b)
            p  = sigmoid(scale * (v @ h))
            output p
            loss   bce(p, y)
            """;
    private static final double[] INPUT = {0.7, -1.3, 2.9};
    private static final double[] TARGET = {1};

    @TempDir
    Path dir;

    @Test
    void layout_marksConstantsNotTrainable_andKeepsThemInTheParameterArray() {
        Model model = TestModels.load(STANDARDIZED);

        assertEquals(List.of(new Parameter("mu", 0, new int[] {3}, false), new Parameter("sigma", 3, new int[] {3}, false),
                new Parameter("W", 6, new int[] {4, 3}), new Parameter("b", 18, new int[] {4}),
                new Parameter("v", 22, new int[] {1, 4}), new Parameter("scale", 26, new int[0], false)),
                model.parameterLayout());
        assertEquals(27, model.parameterCount());
        assertArrayEquals(new double[] {0.5, -1, 2, 2, 0.5, 4}, Arrays.copyOf(model.parameters(), 6));
        double scale = model.parameters()[26];
        assertTrue(scale >= 1 && scale <= 2, "uniform(1, 2) gave " + scale);
        assertEquals(scale, TestModels.load(STANDARDIZED).parameters()[26], "seeded like a param");
    }

    @Test
    void forward_readsTheConstantsAsWritten() {
        Model model = TestModels.load(STANDARDIZED);
        double[] before = new double[1];
        model.forward(INPUT, before);
        model.parameters()[0] = 0.7;   // x[0] - mu[0] becomes 0
        double[] after = new double[1];
        model.forward(INPUT, after);

        ReferenceModel.Values expected = ReferenceModel.of(STANDARDIZED).evaluate(INPUT, TARGET, model.parameters());
        assertEquals(expected.output()[0], after[0], 1e-15);
        assertNotEquals(before[0], after[0]);
    }

    @Test
    void backward_andBackwardBatch_neverWriteTheConstantsGradients() throws Throwable {
        Model model = TestModels.load(STANDARDIZED);
        model.zeroGradients();
        model.backward(INPUT, TARGET);
        assertConstantGradientsAreZero(model);
        double[] gradient = model.gradients().clone();
        assertEquals(ReferenceModel.of(STANDARDIZED).evaluate(INPUT, TARGET, model.parameters()).gradient()[10],
                gradient[10], 1e-15);

        model.zeroGradients();
        MethodHandle batch = BatchedCalls.backwardBatch(model);
        double[] inputs = new Random(3).doubles(3 * 40, -2, 2).toArray();
        double[] targets = new Random(4).doubles(40).map(Math::rint).toArray();
        double batchLoss = (double) batch.invoke(inputs, targets, 40);
        assertTrue(batchLoss > 0, "loss " + batchLoss);
        assertConstantGradientsAreZero(model);
        assertNotEquals(0.0, model.gradients()[6]);
    }

    @Test
    void everyOptimiser_leavesConstantsBitIdentical() {
        List<Supplier<Optimizer>> optimizers = List.of(() -> new Sgd(0.5), () -> new Sgd(0.1, 0.9),
                () -> Sgd.nesterov(0.1, 0.9), () -> new Adam(0.05), () -> Adam.adamW(0.05, 0.5));
        for (Supplier<Optimizer> optimizer : optimizers) {
            for (boolean fused : new boolean[] {false, true}) {
                Model model = TestModels.load(STANDARDIZED);
                double[] initial = model.parameters().clone();
                Optimizer step = optimizer.get();
                Random random = new Random(5);
                for (int i = 0; i < 10; i++) {
                    double[] x = random.doubles(3, -3, 3).toArray();
                    double[] y = {random.nextInt(2)};
                    if (fused) {
                        step.step(model, x, y);
                    } else {
                        model.backward(x, y);
                        step.step(model);
                    }
                }
                String what = step.getClass().getSimpleName() + (fused ? " (one-example step)" : "");
                assertConstantsUnchanged(initial, model, what);
                assertNotEquals(initial[6], model.parameters()[6], what + " trains W");
            }
        }
    }

    @Test
    void trainer_leavesConstantsBitIdentical() {
        Model model = TestModels.load(STANDARDIZED);
        double[] initial = model.parameters().clone();
        Random random = new Random(9);
        double[][] inputs = new double[64][];
        double[][] targets = new double[64][];
        for (int i = 0; i < 64; i++) {
            inputs[i] = random.doubles(3, -3, 3).toArray();
            targets[i] = new double[] {inputs[i][0] > 0.5 ? 1 : 0};
        }
        Trainer.builder(Adam.adamW(0.01, 0.1)).epochs(5).batchSize(8).heldOutFraction(0.25).gradientNorms(true)
                .build().train(model, new Dataset(inputs, targets));

        assertConstantsUnchanged(initial, model, "Trainer with AdamW");
    }

    @Test
    void sgdStep_isFused_whenAGradientIsAConstant() throws Exception {
        // dL/dw is c itself: a param there would make stepping w change another step, a constant cannot
        Model model = TestModels.load("""
                input  x[2]
                const  c[2] = [3, -2]
                param  w[2] = [0.5, 0.25]
                output dot(w, x)
                loss   sum(w * c)
                """);
        assertEquals(model.getClass(), model.getClass().getMethod("sgdStep", double[].class, double[].class,
                double.class).getDeclaringClass());
        model.sgdStep(new double[] {1, 2}, new double[0], 0.1);

        assertArrayEquals(new double[] {3, -2, 0.5 - 0.1 * 3, 0.25 + 0.1 * 2}, model.parameters(), 1e-15);
        assertConstantGradientsAreZero(model);
    }

    @Test
    void gradientCheck_checksOnlyTrainableParameters() {
        Model model = TestModels.load(STANDARDIZED);
        GradientCheck.Result result = GradientCheck.everyParameter().check(model, INPUT, TARGET);

        assertEquals(20, result.checkedParameters(), result.toString());
        assertTrue(result.passes(1e-6), result.toString());
        assertNull(GradientCheck.sample(1000, 1L).check(TestModels.load("""
                input x[2]
                const c[2] = 1
                output dot(c, x)
                loss   square(dot(c, x))
                """), INPUT, TARGET).worst());
    }

    @Test
    void parameterFile_roundTripsTheConstants() throws Exception {
        Model trained = TestModels.load(STANDARDIZED);
        trained.parameters()[1] = -7.25;
        trained.parameters()[26] = 1.5;
        Path file = dir.resolve("standardized.params");
        ParameterFile.save(trained, file);

        Model restored = TestModels.load(STANDARDIZED);
        ParameterFile.load(restored, file);

        assertArrayEquals(trained.parameters(), restored.parameters());
        assertTrue(Files.size(file) > 27 * 8);
    }

    @Test
    void aParamSavedAsTrainable_loadsIntoAConstantOfTheSameName() throws Exception {
        Model before = TestModels.load(STANDARDIZED.replace("const  mu[3]", "param  mu[3]"));
        before.parameters()[2] = 42;
        Path file = dir.resolve("before.params");
        ParameterFile.save(before, file);

        Model after = TestModels.load(STANDARDIZED);
        ParameterFile.load(after, file);

        assertEquals(42, after.parameters()[2]);
    }

    @Test
    void explain_andInterpreter_treatAConstantAsALeafWithoutAdjoint() {
        ReferenceModel reference = ReferenceModel.of(STANDARDIZED);
        Model model = TestModels.load(STANDARDIZED);
        ReferenceModel.Values values = reference.evaluate(INPUT, TARGET, model.parameters());
        model.zeroGradients();
        double loss = model.backward(INPUT, TARGET);

        assertEquals(values.loss(), loss, 1e-15);
        for (int i = 0; i < values.gradient().length; i++) {
            assertEquals(values.gradient()[i], model.gradients()[i], 1e-12, "gradient " + i);
        }
        assertFalse(Compiler.analyze(new dev.dslc.compiler.diagnostic.SourceFile("s.nn", STANDARDIZED))
                .differentiated().orElseThrow().derivative().adjoints().keySet().stream()
                .anyMatch(node -> node.op().mnemonic().equals("mu") || node.op().mnemonic().equals("sigma")));
    }

    private static void assertConstantGradientsAreZero(Model model) {
        for (Parameter parameter : model.parameterLayout()) {
            if (!parameter.trainable()) {
                for (int i = parameter.offset(); i < parameter.offset() + parameter.size(); i++) {
                    assertEquals(0L, Double.doubleToRawLongBits(model.gradients()[i]), parameter + " element " + i);
                }
            }
        }
    }

    private static void assertConstantsUnchanged(double[] initial, Model model, String what) {
        for (Parameter parameter : model.parameterLayout()) {
            if (!parameter.trainable()) {
                for (int i = parameter.offset(); i < parameter.offset() + parameter.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(initial[i]), Double.doubleToRawLongBits(model.parameters()[i]),
                            what + " changed " + parameter + " element " + i);
                }
            }
        }
    }
}
