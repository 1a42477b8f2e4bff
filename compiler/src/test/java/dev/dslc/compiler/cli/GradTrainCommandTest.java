package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/decay.nn, whose loss contains grad(u, t), trained and run from the
 * command line as docs/language.md shows: a data file of collocation points
 * with one column and no targets.
 */
class GradTrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void decay_trainsFromTheCommandLine_andPredictsExpOfMinusT() throws IOException {
        Files.writeString(dir.resolve("decay.nn"), TestModels.sampleSource("decay.nn"));
        Files.writeString(dir.resolve("points.csv"), "t\n" + IntStream.rangeClosed(0, 20)
                .mapToObj(i -> Double.toString(i / 20.0)).collect(Collectors.joining("\n")) + "\n");
        Invocation training = dslc(dir, "train", "decay.nn", "--data", "points.csv", "--epochs", "2000", "--batch", "21",
                "--lr", "0.01", "--optimizer", "adam", "--seed", "1", "-o", "decay.params");
        assertEquals(0, training.status(), training.err());

        Files.writeString(dir.resolve("t.csv"), "t\n0\n0.5\n1\n");
        Invocation run = dslc(dir, "predict", "decay.nn", "--params", "decay.params", "--data", "t.csv");
        assertEquals(0, run.status(), run.err());
        double[] u = run.out().lines().mapToDouble(Double::parseDouble).toArray();
        double[] expected = {1, Math.exp(-0.5), Math.exp(-1)};
        assertEquals(3, u.length, run.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(u[i] - expected[i]) < 1e-3, "u = " + u[i] + ", exp(-t) = " + expected[i]);
        }
    }
}
