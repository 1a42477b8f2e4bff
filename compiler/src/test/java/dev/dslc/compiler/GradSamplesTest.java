package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Adam;
import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Evaluation;
import dev.dslc.runtime.GradientCheck;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Trainer;
import dev.dslc.runtime.TrainingReport;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two samples whose loss contains {@code grad}: the physics-informed fit
 * of samples/decay.nn and the double backpropagation of
 * samples/gradient_penalty.nn. Each compiles, trains to the figures
 * docs/language.md quotes, and its backward (a second derivative) matches
 * central differences of its loss and the IR interpreter.
 */
class GradSamplesTest {

    /** Collocation points 0, 0.05, ..., 1. */
    private static Dataset collocationPoints() {
        double[][] inputs = new double[21][];
        double[][] targets = new double[21][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new double[] {i / 20.0};
            targets[i] = new double[0];
        }
        return new Dataset(inputs, targets);
    }

    @Test
    void decay_learnsExpOfMinusT_onZeroToOne() {
        Model model = TestModels.sample("decay.nn");
        TrainingReport report = Trainer.builder(new Adam(0.01)).epochs(2000).batchSize(21).seed(1).build()
                .train(model, collocationPoints());
        double worst = 0;
        double[] u = new double[1];
        for (int i = 0; i <= 100; i++) {
            double t = i / 100.0;
            model.forward(new double[] {t}, u);
            worst = Math.max(worst, Math.abs(u[0] - Math.exp(-t)));
        }
        System.out.println("decay: final loss " + report.lastEpoch().trainingLoss() + ", max |u - exp(-t)| " + worst);
        assertTrue(worst < 1e-3, "max |u(t) - exp(-t)| on [0, 1] = " + worst);
    }

    @Test
    void decay_backwardMatchesCentralDifferencesAndTheInterpreter() {
        Model model = TestModels.sample("decay.nn");
        assertSecondOrderGradient(model, TestModels.sampleSource("decay.nn"), new double[] {0.3}, new double[0]);
    }

    @Test
    void gradientPenalty_trainsOnIris() throws IOException {
        Model model = TestModels.sample("gradient_penalty.nn");
        Dataset iris = CsvFile.read(TestModels.repositoryRoot().resolve("samples/data/iris.csv"), model)
                .shuffle(1);
        double before = Evaluation.of(model, iris).loss();
        TrainingReport report = Trainer.builder(new Adam(0.01)).epochs(100).batchSize(16).seed(1).build()
                .train(model, iris);
        Evaluation after = Evaluation.of(model, iris);
        System.out.println("gradient penalty: loss " + before + " -> " + after.loss() + ", accuracy " + after.accuracy());
        assertTrue(after.loss() < 0.2 * before, before + " -> " + after.loss());
        assertTrue(after.accuracy() >= 0.94, "accuracy " + after.accuracy());
        assertEquals(100, report.epochs().size());
    }

    @Test
    void gradientPenalty_backwardMatchesCentralDifferencesAndTheInterpreter() {
        Model model = TestModels.sample("gradient_penalty.nn");
        assertSecondOrderGradient(model, TestModels.sampleSource("gradient_penalty.nn"),
                new double[] {5.1, 3.5, 1.4, 0.2}, new double[] {0, 1, 0});
    }

    /**
     * backward against central differences of loss (relative 1e-6, with
     * gradients below 1e-2 |L| compared absolutely, as OperatorGradientTest
     * does: rounding noise of the difference) and against the interpreter (1e-12).
     */
    static void assertSecondOrderGradient(Model model, String source, double[] input, double[] target) {
        Random random = new Random(7);
        double[] parameters = model.parameters();
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] += 0.1 * random.nextGaussian(); // away from the initial zeros
        }
        GradientCheck.Result result = GradientCheck.everyParameter().withStep(1e-6)
                .withAbsoluteFloor(1e-2 * Math.max(1, Math.abs(model.loss(input, target)))).check(model, input, target);
        assertTrue(result.largestRelativeError() < 1e-6, result::toString);

        ReferenceModel.Values expected = ReferenceModel.of(source).evaluate(input, target, model.parameters());
        model.zeroGradients();
        double loss = model.backward(input, target);
        assertEquals(expected.loss(), loss, 1e-12 * Math.max(1, Math.abs(loss)));
        double[] gradient = model.gradients();
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(expected.gradient()[i], gradient[i], 1e-12 * Math.max(1, Math.abs(gradient[i])), "gradient " + i);
        }
    }
}
