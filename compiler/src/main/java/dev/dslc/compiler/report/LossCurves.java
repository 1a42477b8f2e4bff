package dev.dslc.compiler.report;

import dev.dslc.runtime.EpochResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The picture {@code dslc train --plot FILE.svg} draws: loss (left) and
 * accuracy (right) per epoch, for the training examples and, when there are
 * any, the held-out ones, with labelled axes, a legend, and the run's
 * settings and final figures in the heading. Loss goes on a logarithmic axis
 * when it falls by more than a factor of 30, as it usually does, so that the
 * late epochs are not a flat line along the bottom.
 *
 * <pre>{@code
 * String svg = LossCurves.svg("Iris", "adam, lr 0.01, batch 16, 200 epochs, seed 1", report.epochs());
 * }</pre>
 */
public final class LossCurves {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 490;
    private static final int PANEL_TOP = 112;
    private static final int PANEL_HEIGHT = 290;
    private static final int PANEL_WIDTH = 360;
    private static final int[] PANEL_LEFT = {90, 560};
    private static final double LOG_SCALE_RATIO = 30;
    private static final int MARKED_EPOCHS = 40;
    private static final String TRAINING_COLOUR = "#1f6fb4";
    private static final String HELD_OUT_COLOUR = "#e8710a";
    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";

    /** A line to draw: its legend name, colour and one value per epoch (NaN where there is none). */
    private record Series(String name, String colour, double[] values) {
        boolean isEmpty() {
            return Arrays.stream(values).noneMatch(Double::isFinite);
        }
    }

    private LossCurves() {
    }

    public static String svg(String title, String subtitle, List<EpochResult> epochs) {
        return svg(title, subtitle, epochs, "epoch");
    }

    /** As {@link #svg(String, String, List)}, with the x axis counting {@code unit}s: "iteration" for L-BFGS. */
    public static String svg(String title, String subtitle, List<EpochResult> epochs, String unit) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" %s>%n", WIDTH, HEIGHT, WIDTH, HEIGHT, FONT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        text(svg, 40, 36, "start", "font-size=\"20\" font-weight=\"bold\" fill=\"#222\"", title);
        text(svg, 40, 60, "start", "font-size=\"13\" fill=\"#555\"", subtitle);
        if (!epochs.isEmpty()) {
            text(svg, 40, 80, "start", "font-size=\"13\" fill=\"#555\"",
                    lastEpoch(epochs.get(epochs.size() - 1), unit));
        }
        PlotAxis epochAxis = PlotAxis.epochs(Math.max(1, epochs.size()));
        List<Series> losses = series(epochs, EpochResult::trainingLoss, EpochResult::heldOutLoss);
        List<Series> accuracies = series(epochs, EpochResult::trainingAccuracy, EpochResult::heldOutAccuracy);
        PlotAxis lossAxis = lossAxis(losses);
        panel(svg, PANEL_LEFT[0], epochAxis, unit, lossAxis, lossAxis.logarithmic() ? "loss (log scale)" : "loss",
                losses);
        panel(svg, PANEL_LEFT[1], epochAxis, unit, accuracyAxis(accuracies), "accuracy", accuracies);
        legend(svg, losses);
        return svg.append("</svg>\n").toString();
    }

    /** {@code epoch 300: training loss 0.00276, accuracy 100%; held-out loss 0.00275, accuracy 100%}. */
    private static String lastEpoch(EpochResult last, String unit) {
        String text = unit + " " + last.epoch() + ": training loss " + NumberText.format(last.trainingLoss())
                + ", accuracy " + percent(last.trainingAccuracy());
        return last.hasHeldOut() ? text + "; held-out loss " + NumberText.format(last.heldOutLoss())
                + ", accuracy " + percent(last.heldOutAccuracy()) : text;
    }

    private static String percent(double fraction) {
        return NumberText.format(Math.round(fraction * 1000) / 10.0) + "%";
    }

    private static List<Series> series(List<EpochResult> epochs, ToDoubleFunction<EpochResult> training,
                                       ToDoubleFunction<EpochResult> heldOut) {
        List<Series> series = new ArrayList<>();
        series.add(new Series("training", TRAINING_COLOUR, epochs.stream().mapToDouble(training).toArray()));
        Series held = new Series("held-out", HELD_OUT_COLOUR, epochs.stream().mapToDouble(heldOut).toArray());
        if (!held.isEmpty()) {
            series.add(held);
        }
        return series;
    }

    private static PlotAxis lossAxis(List<Series> losses) {
        double[] finite = losses.stream().flatMapToDouble(s -> Arrays.stream(s.values()))
                .filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return PlotAxis.linear(0, 1, NumberText::format);
        }
        double low = Arrays.stream(finite).min().getAsDouble();
        double high = Arrays.stream(finite).max().getAsDouble();
        if (low > 0 && high / low >= LOG_SCALE_RATIO) {
            return PlotAxis.logarithmic(low, high);
        }
        return PlotAxis.linear(Math.min(0, low), high, NumberText::format);
    }

    /** From a round fraction below the lowest accuracy up to 100%. */
    private static PlotAxis accuracyAxis(List<Series> accuracies) {
        double low = accuracies.stream().flatMapToDouble(s -> Arrays.stream(s.values()))
                .filter(Double::isFinite).min().orElse(0);
        return PlotAxis.linear(Math.max(0, Math.floor(low * 10 - 1e-9) / 10), 1,
                value -> NumberText.format(value * 100) + "%");
    }

    private static void panel(StringBuilder svg, int left, PlotAxis x, String xTitle, PlotAxis y, String yTitle,
                              List<Series> series) {
        int bottom = PANEL_TOP + PANEL_HEIGHT;
        for (int i = 0; i < y.ticks().size(); i++) {
            double at = yPosition(y, y.ticks().get(i));
            line(svg, left, at, left + PANEL_WIDTH, at, "#e4e4e4");
            text(svg, left - 8, at + 4, "end", "font-size=\"12\" fill=\"#444\"", y.labels().get(i));
        }
        for (int i = 0; i < x.ticks().size(); i++) {
            double at = xPosition(left, x, x.ticks().get(i));
            line(svg, at, PANEL_TOP, at, bottom, "#f0f0f0");
            text(svg, at, bottom + 18, "middle", "font-size=\"12\" fill=\"#444\"", x.labels().get(i));
        }
        line(svg, left, PANEL_TOP, left, bottom, "#444");
        line(svg, left, bottom, left + PANEL_WIDTH, bottom, "#444");
        text(svg, left + PANEL_WIDTH / 2.0, bottom + 42, "middle", "font-size=\"14\" fill=\"#222\"", xTitle);
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d %d) rotate(-90)\" text-anchor=\"middle\""
                + " font-size=\"14\" fill=\"#222\">%s</text>%n", left - 58, PANEL_TOP + PANEL_HEIGHT / 2, escape(yTitle)));
        for (Series s : series) {
            curve(svg, left, x, y, s);
        }
    }

    private static void curve(StringBuilder svg, int left, PlotAxis x, PlotAxis y, Series series) {
        StringBuilder points = new StringBuilder();
        List<double[]> marks = new ArrayList<>();
        for (int i = 0; i < series.values().length; i++) {
            double value = series.values()[i];
            if (Double.isFinite(value) && (!y.logarithmic() || value > 0)) {
                double[] at = {xPosition(left, x, i + 1), yPosition(y, value)};
                points.append(String.format(Locale.ROOT, "%.2f,%.2f ", at[0], at[1]));
                marks.add(at);
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\""
                + " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>%n", points.toString().trim(), series.colour()));
        if (series.values().length <= MARKED_EPOCHS) {
            for (double[] at : marks) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" fill=\"%s\"/>%n",
                        at[0], at[1], series.colour()));
            }
        }
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        double x = WIDTH / 2.0 - series.size() * 65;
        int y = HEIGHT - 18;
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"3\"/>%n", x, y - 4, x + 24, y - 4, s.colour()));
            text(svg, x + 30, y, "start", "font-size=\"13\" fill=\"#222\"", s.name());
            x += 130;
        }
    }

    private static double xPosition(int left, PlotAxis axis, double value) {
        return left + axis.fraction(value) * PANEL_WIDTH;
    }

    private static double yPosition(PlotAxis axis, double value) {
        return PANEL_TOP + PANEL_HEIGHT - axis.fraction(value) * PANEL_HEIGHT;
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\""
                + " stroke-width=\"1\"/>%n", x1, y1, x2, y2, colour));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String style, String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" %s>%s</text>%n",
                x, y, anchor, style, escape(content)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
