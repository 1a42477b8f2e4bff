package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.TestModels;
import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.Standardization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dslc train --standardize mu,sigma}: the constants are fitted to the
 * training file and saved with the parameters, so that {@code dslc predict},
 * and a Java program that loads the file or fits the constants itself, all
 * scale the inputs the same way.
 */
class StandardizeCommandTest {
    /** Two features in very different units (around 1000 and around 0.01); the class is set by their sum in sigmas. */
    static final String SCALED = """
            model Scaled
            input  x[2]
            target y[1]
            const  mu[2]
            const  sigma[2] = 1
            param  w[2] ~ normal(0, 0.1)
            param  b = 0
            xs = (x - mu) / sigma
            p  = sigmoid(dot(w, xs) + b)
            output p
            loss   bce(p, y)
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        write(dir, "scaled.nn", SCALED);
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("size,rate,y\n");
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double c = random.nextGaussian();
            String row = String.format(Locale.ROOT, "%.3f,%.6f", 1000 + 50 * a, 0.01 + 0.002 * c);
            csv.append(row).append(a + c > 0 ? ",1\n" : ",0\n");
            if (i < 20) {
                inputs.append(row).append('\n');
            }
        }
        write(dir, "train.csv", csv.toString());
        write(dir, "inputs.csv", inputs.toString());
    }

    @Test
    void trainStandardize_savesTheStatistics_andPredictAgreesWithTheJavaApi() throws IOException {
        Invocation training = dslc(dir, "train", "scaled.nn", "--data", "train.csv", "--standardize", "mu,sigma",
                "--epochs", "30", "--batch", "8", "--lr", "0.05", "-o", "scaled.params");
        assertEquals(0, training.status(), training.err());

        Model fitted = TestModels.load(SCALED);
        Dataset data = CsvFile.read(dir.resolve("train.csv"), fitted);
        Standardization.fit(fitted, data, "mu", "sigma");
        Model saved = TestModels.load(SCALED);
        ParameterFile.load(saved, dir.resolve("scaled.params"));
        assertArrayEquals(Arrays.copyOf(fitted.parameters(), 4), Arrays.copyOf(saved.parameters(), 4),
                "the file holds the statistics of train.csv, exactly as the Java API computes them");
        assertEquals(1000, saved.parameters()[0], 15);
        assertEquals(50, saved.parameters()[2], 10);
        assertEquals(0.002, saved.parameters()[3], 5e-4);

        Invocation predicted = dslc(dir, "predict", "scaled.nn", "--params", "scaled.params", "--data", "inputs.csv");
        assertEquals(0, predicted.status(), predicted.err());
        double[] fromCli = predicted.out().lines().mapToDouble(Double::parseDouble).toArray();
        double[][] inputs = CsvFile.readInputs(dir.resolve("inputs.csv"), 2, 1);
        assertEquals(20, fromCli.length);
        int right = 0;
        for (int i = 0; i < inputs.length; i++) {
            double[] output = new double[1];
            saved.forward(inputs[i], output);
            assertEquals(Double.doubleToLongBits(output[0]), Double.doubleToLongBits(fromCli[i]), "row " + i);
            right += (output[0] > 0.5) == (data.target(i)[0] > 0.5) ? 1 : 0;
        }
        assertTrue(right >= 17, "standardised, the model learns the classes: " + right + " of 20 right");
    }

    @Test
    void standardize_withHoldout_fitsOnTheTrainedExamplesOnly() throws IOException {
        Invocation training = dslc(dir, "train", "scaled.nn", "--data", "train.csv", "--standardize", "mu,sigma",
                "--holdout", "0.25", "--seed", "3", "--epochs", "1", "-o", "scaled.params");
        assertEquals(0, training.status(), training.err());

        Model model = TestModels.load(SCALED);
        Dataset data = CsvFile.read(dir.resolve("train.csv"), model);
        Model trainedPart = TestModels.load(SCALED);
        Standardization.fit(trainedPart, data.split(0.25, 3).train(), "mu", "sigma");
        Model whole = TestModels.load(SCALED);
        Standardization.fit(whole, data, "mu", "sigma");
        Model saved = TestModels.load(SCALED);
        ParameterFile.load(saved, dir.resolve("scaled.params"));
        assertArrayEquals(Arrays.copyOf(trainedPart.parameters(), 4), Arrays.copyOf(saved.parameters(), 4),
                "the statistics of the 150 examples trained on, not of the 50 held out");
        assertTrue(whole.parameters()[0] != saved.parameters()[0], "the whole file gives another mean");
    }

    @Test
    void standardize_namingATrainableParameter_exits2_sayingSo() {
        Invocation run = dslc(dir, "train", "scaled.nn", "--data", "train.csv", "--standardize", "w,sigma");

        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("dslc: error: train: --standardize: 'w' is a trainable parameter, which"
                + " training would change; declare it as a constant: const w[2]"), run.err());
    }

    @Test
    void standardize_withoutTwoNames_isAUsageError() {
        for (String value : new String[] {"mu", "mu,sigma,x", "mu,", "1mu,sigma"}) {
            Invocation run = dslc(dir, "train", "scaled.nn", "--data", "train.csv", "--standardize", value);
            assertEquals(2, run.status(), value);
            assertTrue(run.err().contains("--standardize needs the mean's and the scale's constants, as in"
                    + " --standardize mu,sigma; got " + value), run.err());
        }
    }
}
