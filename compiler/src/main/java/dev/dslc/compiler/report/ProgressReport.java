package dev.dslc.compiler.report;

import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.TrainingListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows {@code dslc train}'s progress on standard error. On a terminal, one
 * short live line is redrawn in place (at most ten times a second) with the
 * epoch, the losses and accuracies and the time left; elsewhere (a log, a
 * pipe) it prints plain lines, about twenty over the run: the first epoch,
 * every {@code ceil(epochs / 20)}th and the last. A gradient warning is
 * printed the first time it comes up, and counted after that. With L-BFGS
 * the unit is the iteration, and when it converges before the last one, the
 * last line is shown and the reason printed after it.
 *
 * <pre>{@code
 * epoch 120/300: loss 0.0213 accuracy 1 | held-out loss 0.0301 accuracy 1 | 0.4 s, about 0.6 s left
 * }</pre>
 */
public final class ProgressReport implements TrainingListener {
    private static final int PLAIN_LINES = 20;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";

    private final PrintStream err;
    private final boolean live;
    private final int epochs;
    private final String unit;
    private final LongSupplier clock;
    private final long start;
    private final Map<String, Integer> warningCounts = new LinkedHashMap<>();
    private long lastDrawn;
    private boolean lineOpen;
    /** The last result, while it has not been shown. */
    private EpochResult unshown;

    /**
     * @param live  redraw one line in place, for a terminal
     * @param clock nanoseconds, as {@link System#nanoTime}
     */
    public ProgressReport(PrintStream err, boolean live, int epochs, LongSupplier clock) {
        this(err, live, epochs, "epoch", clock);
    }

    /**
     * @param live  redraw one line in place, for a terminal
     * @param unit  what a step of progress is called: "epoch", or "iteration" for L-BFGS
     * @param clock nanoseconds, as {@link System#nanoTime}
     */
    public ProgressReport(PrintStream err, boolean live, int epochs, String unit, LongSupplier clock) {
        this.err = err;
        this.live = live;
        this.epochs = epochs;
        this.unit = unit;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDrawn = start - REDRAW_NANOS;
    }

    @Override
    public void epochFinished(EpochResult epoch) {
        long now = clock.getAsLong();
        boolean last = epoch.epoch() == epochs;
        unshown = epoch;
        if (live ? last || now - lastDrawn >= REDRAW_NANOS
                : epoch.epoch() == 1 || last || epoch.epoch() % plainLineInterval() == 0) {
            show(epoch, now);
        }
    }

    private void show(EpochResult epoch, long now) {
        if (live) {
            err.print("\r" + fitted(liveLine(epoch, now - start)) + CLEAR_TO_END_OF_LINE);
            err.flush();
            lineOpen = true;
            lastDrawn = now;
        } else {
            err.println(line(epoch, now - start));
        }
        unshown = null;
    }

    /** Shows the last result if it was skipped, then why training ended early. */
    @Override
    public void converged(String reason) {
        if (unshown != null) {
            show(unshown, clock.getAsLong());
        }
        endLiveLine();
        err.println(reason);
    }

    @Override
    public void warning(String message) {
        String kind = message.contains(":") ? message.substring(0, message.indexOf(':')) : message;
        int seen = warningCounts.merge(kind, 1, Integer::sum);
        if (seen == 1) {
            endLiveLine();
            err.println("warning: " + message);
        }
    }

    /** Ends the live line, and sums up the warnings that came up more than once. */
    public void finish(int epochsRun) {
        endLiveLine();
        warningCounts.forEach((kind, count) -> {
            if (count > 1) {
                err.println("warning: " + kind + " in " + count + " of " + epochsRun + " epochs");
            }
        });
    }

    /** {@code epoch 12/100: loss 0.213 accuracy 0.945 | held-out loss 0.25 accuracy 0.933 | 3.4 s, about 25 s left}. */
    String line(EpochResult epoch, long elapsedNanos) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s %d/%d: loss %s accuracy %s",
                unit, epoch.epoch(), epochs, NumberText.format(epoch.trainingLoss()),
                NumberText.format(epoch.trainingAccuracy())));
        if (epoch.hasHeldOut()) {
            text.append(" | held-out loss ").append(NumberText.format(epoch.heldOutLoss()))
                    .append(" accuracy ").append(NumberText.format(epoch.heldOutAccuracy()));
        }
        text.append(" | ").append(duration(elapsedNanos));
        if (epoch.epoch() < epochs) {
            long left = elapsedNanos / epoch.epoch() * (epochs - epoch.epoch());
            text.append(", about ").append(duration(left)).append(" left");
        }
        return text.toString();
    }

    /**
     * {@code epoch 11/15: loss 0.08314, acc 97.7% | held-out 0.2061, 94.6% | 5.5 s left}: short, since a
     * line that wraps can no longer be redrawn in place.
     */
    String liveLine(EpochResult epoch, long elapsedNanos) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s %d/%d: loss %s, acc %s",
                unit, epoch.epoch(), epochs, NumberText.format(epoch.trainingLoss(), 4),
                percent(epoch.trainingAccuracy())));
        if (epoch.hasHeldOut()) {
            text.append(" | held-out ").append(NumberText.format(epoch.heldOutLoss(), 4)).append(", ")
                    .append(percent(epoch.heldOutAccuracy()));
        }
        text.append(" | ");
        if (epoch.epoch() < epochs) {
            text.append(duration(elapsedNanos / epoch.epoch() * (epochs - epoch.epoch()))).append(" left");
        } else {
            text.append("done in ").append(duration(elapsedNanos));
        }
        return text.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** Cut to the terminal's width ({@code COLUMNS}, else 80), less one so the cursor stays on the line. */
    private static String fitted(String line) {
        int width = 80;
        try {
            width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
        } catch (NumberFormatException e) {
            // keep 80
        }
        return line.length() < width ? line : line.substring(0, Math.max(1, width - 1));
    }

    private int plainLineInterval() {
        return Math.max(1, (epochs + PLAIN_LINES - 1) / PLAIN_LINES);
    }

    private void endLiveLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    /** {@code 0.4 s}, {@code 12 s}, {@code 3 min 05 s}, {@code 2 h 10 min}. */
    static String duration(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }
}
