package dev.dslc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The baselines (loops, tuned loops, micrograd's tape and a tuned tape) do the same training step as the generated class: from
 * the same parameters, after one SGD step on the same example, the loss
 * and every parameter agree. (A faster baseline that computed something
 * else would make the ratios meaningless.)
 */
class BaselinesTest {
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @EnumSource(Shape.class)
    void fusedStepLoopsTunedLoopsAndTape_takeTheGeneratedModelsTrainingStep(Shape shape) throws Throwable {
        Samples samples = new Samples(shape, 3, 7L);
        Model model = shape.newModel(7L);
        double[] start = model.parameters().clone();
        LoopsMlp loops = new LoopsMlp(shape, start);
        TunedLoopsMlp tuned = new TunedLoopsMlp(shape, start);
        Model fused = shape.newModel(7L);
        Sgd sgd = new Sgd(TrainingStep.LEARNING_RATE);
        boolean small = shape.weights() < 10_000;
        TapeMlp<MicrogradValue> tape = small ? TapeMlp.micrograd(shape, start) : null;
        TapeMlp<Value> tunedTape = small ? TapeMlp.tuned(shape, start) : null;

        for (int k = 0; k < samples.count; k++) {
            double[] x = samples.inputs[k];
            double[] y = samples.targets[k];
            double loss = model.backward(x, y);
            double[] p = model.parameters();
            double[] g = model.gradients();
            for (int i = 0; i < p.length; i++) {
                p[i] -= TrainingStep.LEARNING_RATE * g[i];
            }
            model.zeroGradients();

            assertEquals(loss, sgd.step(fused, x, y), TOLERANCE * Math.max(1, loss), "fused sgdStep");
            assertParametersEqual(p, fused.parameters(), "fused sgdStep");
            assertEquals(loss, loops.step(x, y, TrainingStep.LEARNING_RATE), TOLERANCE * Math.max(1, loss), "loops");
            assertEquals(loss, tuned.step(x, y, TrainingStep.LEARNING_RATE), TOLERANCE * Math.max(1, loss), "tuned");
            assertParametersEqual(p, loops.flatParameters(), "loops");
            assertParametersEqual(p, tuned.flatParameters(), "tuned loops");
            if (small) {
                assertEquals(loss, tape.step(x, y, TrainingStep.LEARNING_RATE), TOLERANCE * Math.max(1, loss), "tape");
                assertParametersEqual(p, tape.flatParameters(), "tape");
                assertEquals(loss, tunedTape.step(x, y, TrainingStep.LEARNING_RATE), TOLERANCE * Math.max(1, loss),
                        "tuned tape");
                assertParametersEqual(p, tunedTape.flatParameters(), "tuned tape");
            }
        }
    }

    /** The benchmarked --vector-api classes take the plain class's step (this test JVM has the incubating module). */
    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"S64_32_10", "S784_16_16_10", "S784_128_10"})
    void vectorApiClasses_takeTheSameFusedStep(Shape shape) {
        Samples samples = new Samples(shape, 3, 7L);
        Model plain = shape.newModel(7L);
        Model vector = VectorModels.newModel(shape, 7L);
        Sgd sgd = new Sgd(TrainingStep.LEARNING_RATE);
        assertParametersEqual(plain.parameters(), vector.parameters(), "initial");
        for (int k = 0; k < samples.count; k++) {
            double loss = sgd.step(plain, samples.inputs[k], samples.targets[k]);
            assertEquals(loss, sgd.step(vector, samples.inputs[k], samples.targets[k]), TOLERANCE * Math.max(1, loss));
            assertParametersEqual(plain.parameters(), vector.parameters(), "--vector-api sgdStep");
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void backwardBatch_takesTheSameStepAsTheExamplesOneByOne(Shape shape) {
        Samples samples = new Samples(shape, TrainingStep.EXAMPLES, 11L);
        Model batched = shape.newModel(11L);
        Model single = shape.newModel(11L);

        double batchLoss = shape.batched.backwardBatch(batched, samples.flatInputs, samples.flatTargets, samples.count);
        double loss = 0.0;
        for (int k = 0; k < samples.count; k++) {
            loss += single.backward(samples.inputs[k], samples.targets[k]);
        }

        assertEquals(loss, batchLoss, TOLERANCE * Math.abs(loss));
        assertParametersEqual(single.gradients(), batched.gradients(), "backwardBatch");
    }

    private static void assertParametersEqual(double[] expected, double[] actual, String who) {
        assertEquals(expected.length, actual.length, who);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1.0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(1, scale), who + " parameter " + i);
        }
    }
}
