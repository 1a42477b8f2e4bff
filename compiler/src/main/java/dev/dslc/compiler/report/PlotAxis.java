package dev.dslc.compiler.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * One axis of a {@link LossCurves} panel: its range, linear or logarithmic,
 * and round tick values (1, 2 or 5 times a power of ten; whole decades on a
 * logarithmic axis) with their labels.
 *
 * <pre>{@code
 * PlotAxis.linear(0.013, 0.71, NumberText::format).ticks()   // [0, 0.2, 0.4, 0.6, 0.8]
 * }</pre>
 */
record PlotAxis(double low, double high, boolean logarithmic, List<Double> ticks, List<String> labels) {
    private static final int ROUGH_TICK_COUNT = 5;

    /** A linear axis over at least {@code [low, high]}, widened to whole ticks. */
    static PlotAxis linear(double low, double high, DoubleFunction<String> label) {
        if (high - low < 1e-12 * Math.max(1, Math.abs(high))) {
            double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
            low -= pad;
            high += pad;
        }
        double step = niceStep((high - low) / ROUGH_TICK_COUNT);
        double first = Math.floor(low / step + 1e-9) * step;
        double last = Math.ceil(high / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (long i = 0; first + i * step <= last + step * 1e-6; i++) {
            double tick = first + i * step;
            ticks.add(tick);
            labels.add(label.apply(Math.abs(tick) < step * 1e-9 ? 0.0 : tick));
        }
        return new PlotAxis(first, last, false, ticks, labels);
    }

    /** The epoch axis, from 0 to at least {@code epochs}, with whole-number ticks. */
    static PlotAxis epochs(int epochs) {
        double step = Math.max(1, niceStep(epochs / (double) ROUGH_TICK_COUNT));
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (double tick = 0; tick < epochs + step; tick += step) {
            ticks.add(tick);
            labels.add(Long.toString((long) tick));
        }
        return new PlotAxis(0, ticks.get(ticks.size() - 1), false, ticks, labels);
    }

    /** A logarithmic axis over whole decades around {@code [low, high]}, both above 0. */
    static PlotAxis logarithmic(double low, double high) {
        int firstDecade = (int) Math.floor(Math.log10(low) + 1e-9);
        int lastDecade = (int) Math.ceil(Math.log10(high) - 1e-9);
        if (lastDecade == firstDecade) {
            lastDecade++;
        }
        boolean fewDecades = lastDecade - firstDecade <= 2;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int decade = firstDecade; decade <= lastDecade; decade++) {
            for (int mantissa : fewDecades && decade < lastDecade ? new int[] {1, 2, 5} : new int[] {1}) {
                double tick = mantissa * Math.pow(10, decade);
                ticks.add(tick);
                labels.add(decade < -3 || decade > 5 ? mantissa + "e" + decade : NumberText.format(tick));
            }
        }
        return new PlotAxis(Math.pow(10, firstDecade), Math.pow(10, lastDecade), true, ticks, labels);
    }

    /** Where {@code value} falls, from 0 at {@link #low} to 1 at {@link #high}. */
    double fraction(double value) {
        return logarithmic
                ? (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                : (value - low) / (high - low);
    }

    /** The nearest to {@code rough} of 1, 2 and 5 times a power of ten. */
    static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalised = rough / magnitude;
        return (normalised < 1.5 ? 1 : normalised < 3.5 ? 2 : normalised < 7.5 ? 5 : 10) * magnitude;
    }
}
