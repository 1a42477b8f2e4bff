package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code dslc train} command of each sample in docs/training.md, from
 * the repository's root as the page does, and checks the accuracy it reports.
 * Every run is seeded, so each gives the same figures every time.
 */
class TrainSamplesTest {
    private static final Pattern FINAL = Pattern.compile(
            "final: train_loss=(\\S+) holdout_loss=(\\S+) holdout_accuracy=(\\S+)");

    /** Runs {@code dslc train COMMAND} and returns the held-out accuracy of its summary line. */
    private static double heldOutAccuracy(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path root = Path.of("").toAbsolutePath().getParent();
        int status = Main.run(("train " + command).split(" "), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), root);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        List<String> lines = printed.lines().toList();
        Matcher summary = FINAL.matcher(lines.get(lines.size() - 1));
        assertTrue(summary.matches(), printed);
        return Double.parseDouble(summary.group(3));
    }

    @Test
    void xor_allFourCases_inThreeHundredSteps() {
        assertEquals(1.0, heldOutAccuracy("samples/xor.nn --data samples/data/xor.csv --test samples/data/xor.csv"
                + " --epochs 300 --batch 4 --lr 0.05 --seed 1"));
    }

    @Test
    void iris_atLeast95Percent_onAHeldOutThird() {
        double accuracy = heldOutAccuracy("samples/iris.nn --data samples/data/iris.csv --holdout 0.33"
                + " --epochs 100 --batch 16 --lr 0.01 --seed 1");
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    }

    @Test
    void digits8x8_atLeast96Percent_onAHeldOutThird() {
        double accuracy = heldOutAccuracy("samples/digits.nn --data samples/data/optdigits-test.csv --holdout 0.33"
                + " --epochs 30 --batch 16 --lr 0.005 --seed 1");
        assertTrue(accuracy >= 0.96, "accuracy " + accuracy);
    }

    @Test
    void mnist_784_16_16_10_atLeast92Percent_onTheTenThousandTestDigits() {
        double accuracy = heldOutAccuracy("samples/mnist.nn --data samples/data/mnist-train-15000.csv.gz"
                + " --test samples/data/mnist-test-10000.csv.gz --epochs 15 --batch 32 --lr 0.003 --schedule cosine"
                + " --seed 1");
        assertTrue(accuracy >= 0.92, "accuracy " + accuracy);
    }
}
