package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dslc train --optimizer lbfgs}: full-batch iterations, their progress and plot, and the options it refuses. */
class TrainLbfgsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        write(dir, "blobs.nn", TrainingFiles.BLOBS);
        write(dir, "blobs.csv", TrainingFiles.blobs(150, 1L));
        write(dir, "xor.nn", Models.XOR);
        write(dir, "xor.csv", TrainingFiles.XOR_TABLE);
    }

    private Invocation train(String command) {
        return dslc(dir, ("train " + command).split(" "));
    }

    @Test
    void lbfgs_convergesOnSeparableBlobs_inFewerIterationsThanAdamsEpochs() {
        Invocation lbfgs = train("blobs.nn --data blobs.csv --holdout 0.3 --optimizer lbfgs --epochs 100");
        assertEquals(0, lbfgs.status(), lbfgs.err());
        double[] figures = lbfgs.trainSummary();
        Invocation adam = train("blobs.nn --data blobs.csv --holdout 0.3 --epochs 100");
        double[] adamFigures = adam.trainSummary();
        // the blobs are separable: L-BFGS drives the loss towards 0 until the gradient is within 1e-7
        assertTrue(figures[0] < 1e-5, lbfgs.out());
        assertTrue(figures[0] < adamFigures[0] / 100, lbfgs.out() + adam.out());
        assertEquals(1.0, figures[2], lbfgs.out());
        List<String> lines = lbfgs.errLines();
        assertTrue(lines.get(0).startsWith("iteration 1/100: loss "), lbfgs.err());
        String stopped = lines.get(lines.size() - 1);
        assertTrue(stopped.matches("L-BFGS stopped after \\d+ iterations: every gradient element is within the"
                + " tolerance of 0"), stopped);
        int iterations = Integer.parseInt(stopped.replaceAll("\\D+(\\d+).*", "$1"));
        assertTrue(iterations < 100, stopped);
        // the iteration it stopped at is shown, though it is not one of the twenty evenly spaced lines
        assertTrue(lines.get(lines.size() - 2).startsWith("iteration " + iterations + "/100: loss "), lbfgs.err());
    }

    @Test
    void epochsAreIterations_andTheLearningRateIsTheFirstStep() {
        Invocation five = train("xor.nn --data xor.csv --optimizer lbfgs --epochs 5 --seed 1");
        assertEquals(0, five.status(), five.err());
        List<String> progress = five.errLines();
        assertEquals(5, progress.size(), five.err());
        assertTrue(progress.get(4).startsWith("iteration 5/5: "), five.err());
        // --lr is the step each line search tries first: another first step, another path
        Invocation shorter = train("xor.nn --data xor.csv --optimizer lbfgs --epochs 5 --seed 1 --lr 0.5");
        assertEquals(0, shorter.status(), shorter.err());
        assertTrue(five.trainSummary()[0] != shorter.trainSummary()[0], five.out() + shorter.out());
    }

    @Test
    void threads_changeNothing() {
        String command = "blobs.nn --data blobs.csv --holdout 0.3 --optimizer lbfgs --epochs 8 --threads ";
        Invocation one = train(command + "1");
        Invocation three = train(command + "3");
        assertEquals(0, one.status(), one.err());
        assertEquals(one.out(), three.out());
    }

    @Test
    void thePlot_countsIterations() throws IOException {
        Invocation run = train("blobs.nn --data blobs.csv --optimizer lbfgs --epochs 6 --plot curves.svg");
        assertEquals(0, run.status(), run.err());
        String svg = Files.readString(dir.resolve("curves.svg"));
        assertTrue(svg.contains(">lbfgs, lr 1, full batch, 6 iterations, seed 0; held out: none<"), svg);
        assertTrue(svg.contains(">iteration 6: training loss "), svg);
        assertTrue(svg.contains("fill=\"#222\">iteration</text>"), svg);
    }

    @Test
    void optionsThatDoNotApply_areUsageErrors() {
        assertUsageError("xor.nn --data xor.csv --optimizer lbfgs --batch 4",
                "--batch does not go with --optimizer lbfgs: L-BFGS uses every training example at each evaluation");
        assertUsageError("xor.nn --data xor.csv --optimizer lbfgs --schedule cosine",
                "--schedule cosine does not go with --optimizer lbfgs: its line search chooses each step, from --lr"
                        + " (default 1) at first");
        assertUsageError("xor.nn --data xor.csv --optimizer lbfgs --lr 0", "--lr must be a positive number, got 0");
        assertEquals(0, train("xor.nn --data xor.csv --optimizer lbfgs --epochs 2 --schedule constant").status());
    }

    private void assertUsageError(String command, String message) {
        Invocation run = train(command);
        assertEquals(2, run.status(), run.err());
        assertEquals(List.of("dslc: error: train: " + message, "Run 'dslc train --help' for usage."),
                run.errLines());
    }

    @Test
    void aNaNLossAtTheStart_stopsTraining_exits1_andSavesNothing() throws IOException {
        write(dir, "broken.nn", TrainingFiles.NAN_LOSS);
        write(dir, "one.csv", "1,0\n");
        Invocation run = train("broken.nn --data one.csv --optimizer lbfgs -o broken.params");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("dslc: error: training stopped at iteration 1: at the start, the loss is NaN"),
                run.err());
        assertTrue(Double.isNaN(run.trainSummary()[0]), run.out());
        assertTrue(Files.notExists(dir.resolve("broken.params")));
    }

    @Test
    void help_describesLbfgs() {
        String help = train("--help").out();
        assertTrue(help.contains("lbfgs: L-BFGS on the whole training set"), help);
        assertTrue(help.contains("with lbfgs, the most iterations"), help);
    }
}
