package dev.dslc.compiler.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.EpochResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReportTest {

    private static EpochResult epoch(int n, double heldOutLoss) {
        return new EpochResult(n, 0.25, 0.9, heldOutLoss, 0.875, 0.01, List.of(), List.of());
    }

    @Test
    void line_showsLossesAccuraciesAndTimeLeft() {
        ProgressReport report = new ProgressReport(System.err, false, 10, () -> 0L);
        assertEquals("epoch 2/10: loss 0.25 accuracy 0.9 | held-out loss 0.5 accuracy 0.875 | 3.0 s, about 12 s left",
                report.line(epoch(2, 0.5), 3_000_000_000L));
        assertEquals("epoch 10/10: loss 0.25 accuracy 0.9 | 15 s",
                report.line(epoch(10, Double.NaN), 15_000_000_000L));
    }

    @Test
    void liveLine_isShortEnoughNotToWrap() {
        ProgressReport report = new ProgressReport(System.err, true, 15, () -> 0L);
        EpochResult epoch = new EpochResult(11, 0.0831366, 0.9766, 0.206057, 0.9456, 0.01, List.of(), List.of());
        assertEquals("epoch 11/15: loss 0.08314, acc 97.7% | held-out 0.2061, 94.6% | 5.5 s left",
                report.liveLine(epoch, 15_000_000_000L));
        assertEquals("epoch 15/15: loss 0.25, acc 90.0% | done in 20 s",
                report.liveLine(epoch(15, Double.NaN), 20_000_000_000L));
    }

    @Test
    void gradientWarnings_arePrintedOnce_thenCounted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressReport report = new ProgressReport(err, false, 3, () -> 0L);
        report.warning("vanishing gradients: |dW1| = 1e-07 is 1e-05 times |dW4|");
        report.warning("vanishing gradients: |dW1| = 2e-07 is 2e-05 times |dW4|");
        report.warning("exploding gradients: |dW4| = 2e+03 exceeds 1e+03");
        report.warning("vanishing gradients: |dW1| = 3e-07 is 3e-05 times |dW4|");
        report.finish(3);
        assertEquals(List.of("warning: vanishing gradients: |dW1| = 1e-07 is 1e-05 times |dW4|",
                "warning: exploding gradients: |dW4| = 2e+03 exceeds 1e+03",
                "warning: vanishing gradients in 3 of 3 epochs"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void convergingEarly_onATerminal_redrawsTheLastIteration_thenSaysWhy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long[] now = {0L};
        ProgressReport report = new ProgressReport(err, true, 100, "iteration", () -> now[0]);
        report.epochFinished(epoch(1, Double.NaN));
        now[0] = 50_000_000L;   // within 0.1 s: not redrawn yet
        report.epochFinished(epoch(2, Double.NaN));
        report.converged("L-BFGS stopped after 2 iterations: the loss changed by less than the change tolerance");
        report.finish(2);
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\riteration 1/100: loss 0.25, acc 90.0% | 0.0 s left\u001b[K"
                + "\riteration 2/100: loss 0.25, acc 90.0% | 2.5 s left\u001b[K" + System.lineSeparator()
                + "L-BFGS stopped after 2 iterations: the loss changed by less than the change tolerance"
                + System.lineSeparator(), shown);
    }

    @Test
    void durations_readAsATimeTakes() {
        assertEquals("0.4 s", ProgressReport.duration(400_000_000L));
        assertEquals("42 s", ProgressReport.duration(42_300_000_000L));
        assertEquals("3 min 05 s", ProgressReport.duration(185_000_000_000L));
        assertEquals("2 h 10 min", ProgressReport.duration(7_800_000_000_000L));
    }

    @Test
    void numbers_haveSixSignificantDigitsAtMost() {
        assertEquals("0.96", NumberText.format(48.0 / 50));
        assertEquals("0.953333", NumberText.format(143.0 / 150));
        assertEquals("1", NumberText.format(1.0));
        assertEquals("0.00276363", NumberText.format(0.002763629));
        assertEquals("2.5E-7", NumberText.format(2.5e-7));
        assertEquals("3.67313E-6", NumberText.format(3.673126e-6));
        assertEquals("1.23457E9", NumberText.format(1234567890.0));
        assertEquals("NaN", NumberText.format(Double.NaN));
    }
}
