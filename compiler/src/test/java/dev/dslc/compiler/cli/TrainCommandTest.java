package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        write(dir, "xor.nn", Models.XOR);
        write(dir, "xor.csv", TrainingFiles.XOR_TABLE);
        write(dir, "blobs.nn", TrainingFiles.BLOBS);
        write(dir, "blobs.csv", TrainingFiles.blobs(150, 1L));
    }

    private Invocation train(String... args) {
        return dslc(dir, concat("train", args));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void xor_learnsTheTruthTable_andEndsWithTheSummaryLine() {
        Invocation run = train("xor.nn", "--data", "xor.csv", "--test", "xor.csv", "--epochs", "300", "--batch", "4",
                "--lr", "0.05", "--seed", "1");
        assertEquals(0, run.status(), run.err());
        double[] summary = run.trainSummary();
        assertTrue(summary[0] < 0.05, run.out());
        assertEquals(1.0, summary[2], run.out());
        assertEquals(1, run.out().lines().count(), "only the summary goes to standard output");
    }

    @Test
    void withoutHeldOutData_theSummarySaysNaN() {
        Invocation run = train("xor.nn", "--data", "xor.csv", "--epochs", "2");
        assertEquals(0, run.status(), run.err());
        double[] summary = run.trainSummary();
        assertTrue(Double.isFinite(summary[0]));
        assertTrue(Double.isNaN(summary[1]) && Double.isNaN(summary[2]), run.out());
    }

    @Test
    void holdout_keepsAFractionOut_andAClassIndexColumnIsOneHot() {
        Invocation run = train("blobs.nn", "--data", "blobs.csv", "--holdout", "0.3", "--epochs", "30",
                "--lr", "0.05", "--batch", "8");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.trainSummary()[2] >= 0.95, run.out());
        assertTrue(run.err().contains("held-out loss"), run.err());
    }

    @Test
    void sameSeed_sameRun_otherSeed_otherRun() {
        String[] args = {"blobs.nn", "--data", "blobs.csv", "--holdout", "0.3", "--epochs", "3", "--seed", "7"};
        String first = train(args).out();
        assertEquals(first, train(args).out());
        args[args.length - 1] = "8";
        assertFalse(first.equals(train(args).out()));
    }

    @Test
    void eachOptimizerAndSchedule_trains() {
        for (String options : List.of("--optimizer sgd --lr 0.1", "--optimizer momentum --lr 0.05",
                "--optimizer adam --lr 0.05 --schedule cosine")) {
            Invocation run = train(concat("blobs.nn", ("--data blobs.csv --holdout 0.3 --epochs 20 " + options)
                    .split(" ")));
            assertEquals(0, run.status(), options + ": " + run.err());
            assertTrue(run.trainSummary()[2] >= 0.9, options + ": " + run.out());
        }
    }

    @Test
    void progress_offATerminal_isAboutTwentyPlainLines() {
        Invocation run = train("xor.nn", "--data", "xor.csv", "--epochs", "100");
        List<String> epochLines = run.errLines().stream().filter(line -> line.startsWith("epoch ")).toList();
        assertEquals(21, epochLines.size(), run.err());
        assertTrue(epochLines.get(0).startsWith("epoch 1/100: loss "), epochLines.get(0));
        assertTrue(epochLines.get(1).startsWith("epoch 5/100: "), epochLines.get(1));
        assertTrue(epochLines.get(20).startsWith("epoch 100/100: "), epochLines.get(20));
        assertFalse(run.err().contains("\r"), "no carriage returns in plain output");
    }

    @Test
    void progress_onATerminal_isOneLineRedrawnInPlace() {
        long[] now = {0};
        TrainCommand live = new TrainCommand(terminal -> true, () -> now[0] += 200_000_000L);
        Invocation run = dslc(Map.of("train", live), (args, terminal) -> ExitStatus.INTERNAL_ERROR, dir,
                "train", "xor.nn", "--data", "xor.csv", "--epochs", "5");
        assertEquals(0, run.status(), run.err());
        assertEquals(5, run.err().split("\r", -1).length - 1, run.err());
        assertTrue(run.err().contains("\repoch 3/5: "), run.err());
        assertTrue(run.err().contains(" | 0.4 s left\u001b[K"), run.err());
        assertTrue(run.err().contains("epoch 5/5: ") && run.err().endsWith("\n"), run.err());
    }

    @Test
    void outputAndParams_saveAndRestoreTheTrainedParameters() throws IOException {
        Invocation first = train("xor.nn", "--data", "xor.csv", "--test", "xor.csv", "--epochs", "300", "--batch", "4",
                "--lr", "0.05", "--seed", "1", "-o", "xor.params");
        assertEquals(0, first.status(), first.err());
        assertTrue(Files.size(dir.resolve("xor.params")) > 0);
        assertTrue(first.err().contains("saved the parameters to xor.params"), first.err());
        Invocation resumed = train("xor.nn", "--data", "xor.csv", "--test", "xor.csv", "--epochs", "1",
                "--params", "xor.params", "--lr", "1e-9");
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(first.trainSummary()[1], resumed.trainSummary()[1], 1e-6, "starts where the first run ended");
        assertEquals(1.0, resumed.trainSummary()[2]);
    }

    @Test
    void params_madeForAnotherModel_isRefused() throws IOException {
        train("blobs.nn", "--data", "blobs.csv", "--epochs", "1", "-o", "blobs.params");
        Invocation run = train("xor.nn", "--data", "xor.csv", "--params", "blobs.params");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().startsWith("dslc: error: blobs.params: saved for a different model layout"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void plot_writesAnSvgWithBothCurves() throws IOException {
        Invocation run = train("blobs.nn", "--data", "blobs.csv", "--holdout", "0.3", "--epochs", "5",
                "--plot", "curves.svg");
        assertEquals(0, run.status(), run.err());
        String svg = Files.readString(dir.resolve("curves.svg"));
        assertTrue(svg.startsWith("<svg "), svg);
        assertTrue(svg.contains(">Blobs on blobs.csv</text>"), svg);
        assertTrue(svg.contains(">held-out</text>") && svg.contains(">training</text>"), svg);
        assertTrue(run.err().contains("wrote curves.svg"), run.err());
    }

    @Test
    void gradientNorms_printsATablePerParameter() {
        Invocation run = train("xor.nn", "--data", "xor.csv", "--epochs", "3", "--gradient-norms");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("gradient norms"), run.err());
        for (String parameter : List.of("W1", "b1", "W2", "b2")) {
            assertTrue(run.err().lines().anyMatch(line -> line.startsWith("  " + parameter + " ")), run.err());
        }
    }

    @Test
    void nanLoss_stopsTraining_exits1_andSavesNothing() throws IOException {
        write(dir, "broken.nn", TrainingFiles.NAN_LOSS);
        write(dir, "one.csv", "1,0\n");
        Invocation run = train("broken.nn", "--data", "one.csv", "-o", "broken.params");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("dslc: error: training stopped at epoch 1: batch 1: the loss is NaN"),
                run.err());
        assertTrue(Double.isNaN(run.trainSummary()[0]), run.out());
        assertFalse(Files.exists(dir.resolve("broken.params")));
    }

    @Test
    void modelWithErrors_printsDiagnostics_exits1() throws IOException {
        write(dir, "bad.nn", Models.UNDEFINED_NAME);
        Invocation run = train("bad.nn", "--data", "xor.csv");
        assertEquals(1, run.status());
        assertTrue(run.err().startsWith("bad.nn:8:13: error: "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void help_printsTheTrainUsage() {
        Invocation run = train("--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: dslc train MODEL.nn --data FILE.csv [options]"), run.out());
        for (String option : List.of("--epochs N", "--batch N", "--optimizer NAME", "--lr X", "--seed N",
                "--holdout F", "--test FILE.csv", "-o FILE", "--params FILE", "--plot FILE.svg")) {
            assertTrue(run.out().contains(option), option);
        }
    }

    @Test
    void usageErrors_exit2_sayingWhatIsWrong() {
        Map<List<String>, String> cases = Map.of(
                List.of("xor.nn"), "no data: give --data FILE.csv",
                List.of("xor.nn", "--data", "xor.csv", "--holdout", "0.2", "--test", "xor.csv"),
                "--holdout and --test: give one or the other",
                List.of("xor.nn", "--data", "xor.csv", "--epochs", "0"), "--epochs must be a whole number above 0, got 0",
                List.of("xor.nn", "--data", "xor.csv", "--batch", "x"), "--batch must be a whole number above 0, got x",
                List.of("xor.nn", "--data", "xor.csv", "--lr", "-1"), "--lr must be a positive number, got -1",
                List.of("xor.nn", "--data", "xor.csv", "--holdout", "1"),
                "--holdout must be a fraction from 0 up to (not including) 1, got 1",
                List.of("xor.nn", "--data", "xor.csv", "--optimizer", "rmsprop"),
                "--optimizer must be sgd, momentum, adam or lbfgs, got rmsprop",
                List.of("xor.nn", "--data", "xor.csv", "--frobnicate"), "unknown option --frobnicate",
                List.of("xor.nn", "blobs.nn", "--data", "xor.csv"), "one model at a time: got xor.nn and blobs.nn",
                List.of("xor.nn", "--data"), "option --data needs a value");
        cases.forEach((args, message) -> {
            Invocation run = train(args.toArray(String[]::new));
            assertEquals(2, run.status(), args + ": " + run.err());
            assertEquals(List.of("dslc: error: train: " + message, "Run 'dslc train --help' for usage."),
                    run.errLines(), args.toString());
        });
    }

    @Test
    void holdoutLeavingNothingToTrainOn_exits2() {
        Invocation run = train("xor.nn", "--data", "xor.csv", "--holdout", "0.9");
        assertEquals(2, run.status());
        assertEquals("dslc: error: train: --holdout 0.9 of the 4 examples in xor.csv leaves none to train on",
                run.errLines().get(0));
    }

    @Test
    void threads_changeNothingInTheResult_andMustBePositive() {
        String[] args = {"blobs.nn", "--data", "blobs.csv", "--holdout", "0.3", "--epochs", "3", "--batch", "70",
                "--threads", "1"};
        String single = train(args).out();
        args[args.length - 1] = "3";
        assertEquals(single, train(args).out());
        Invocation zero = train("xor.nn", "--data", "xor.csv", "--threads", "0");
        assertEquals(2, zero.status(), zero.err());
        assertEquals("dslc: error: train: --threads must be a whole number above 0, got 0", zero.errLines().get(0));
    }
}
