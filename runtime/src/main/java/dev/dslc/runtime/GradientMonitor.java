package dev.dslc.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Watches a model's gradients during training: finds NaN and infinite
 * elements, and measures per-parameter norms to warn of vanishing or
 * exploding gradients. Offsets and sizes are copied into arrays once, so the
 * per-batch methods allocate nothing. Norms leave out constants, whose
 * gradient is zero by design and would look like a vanishing one.
 */
final class GradientMonitor {
    private final List<Parameter> layout;
    private final List<Parameter> trainable;
    private final int[] offsets;
    private final int[] sizes;
    private final double[] normSums;
    private final double vanishingRatio;
    private final double explodingNorm;
    private int batches;

    GradientMonitor(List<Parameter> layout, double vanishingRatio, double explodingNorm) {
        this.layout = List.copyOf(layout);
        this.trainable = this.layout.stream().filter(Parameter::trainable).toList();
        this.offsets = trainable.stream().mapToInt(Parameter::offset).toArray();
        this.sizes = trainable.stream().mapToInt(Parameter::size).toArray();
        this.normSums = new double[offsets.length];
        this.vanishingRatio = vanishingRatio;
        this.explodingNorm = explodingNorm;
    }

    /** The index of the first NaN or infinite element, or -1. */
    static int firstNonFinite(double[] values) {
        return firstNonFinite(values, 0, values.length);
    }

    /** The index of the first NaN or infinite element in {@code [from, to)}, or -1. */
    static int firstNonFinite(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Names the first bad gradient element and every parameter with a bad element. */
    String describeNonFinite(double[] gradients, int first) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = first; i < gradients.length; i++) {
            if (!Double.isFinite(gradients[i])) {
                names.add(ParameterLocation.of(layout, i).name());
            }
        }
        return "the gradient of " + ParameterLocation.of(layout, first) + " is " + gradients[first]
                + "; parameters with non-finite gradients: " + String.join(", ", names);
    }

    /** Names the element with the largest gradient, the likeliest cause when the loss overflows first. */
    String describeLargest(double[] gradients) {
        int largest = 0;
        for (int i = 1; i < gradients.length; i++) {
            if (Math.abs(gradients[i]) > Math.abs(gradients[largest])) {
                largest = i;
            }
        }
        return gradients.length == 0 ? "the model has no parameters"
                : "the largest gradient is " + gradients[largest] + ", of " + ParameterLocation.of(layout, largest);
    }

    /** Adds this batch's per-parameter norms of the mean gradient ({@code gradients * scale}). */
    void accumulate(double[] gradients, double scale) {
        for (int p = 0; p < offsets.length; p++) {
            double sumOfSquares = 0.0;
            for (int i = offsets[p], end = offsets[p] + sizes[p]; i < end; i++) {
                double g = gradients[i] * scale;
                sumOfSquares += g * g;
            }
            normSums[p] += Math.sqrt(sumOfSquares);
        }
        batches++;
    }

    /** The mean norms since the last {@link #reset}, in layout order. */
    List<EpochResult.GradientNorm> norms() {
        List<EpochResult.GradientNorm> norms = new ArrayList<>(offsets.length);
        for (int p = 0; p < offsets.length; p++) {
            norms.add(new EpochResult.GradientNorm(trainable.get(p).name(), meanNorm(p)));
        }
        return norms;
    }

    /**
     * Exploding: any parameter's norm above the limit. Vanishing: the first
     * parameter's norm (the input layer, in declaration order) a tiny fraction of
     * the last's (the output layer), so the early layers barely learn.
     */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (int p = 0; p < offsets.length; p++) {
            if (meanNorm(p) > explodingNorm) {
                warnings.add(String.format(Locale.ROOT, "exploding gradients: |d%s| = %.3g exceeds %.3g",
                        trainable.get(p).name(), meanNorm(p), explodingNorm));
            }
        }
        int last = offsets.length - 1;
        if (last > 0 && meanNorm(last) > 0.0 && meanNorm(0) / meanNorm(last) < vanishingRatio) {
            warnings.add(String.format(Locale.ROOT,
                    "vanishing gradients: |d%s| = %.3g is %.3g times |d%s| = %.3g (below %.3g)",
                    trainable.get(0).name(), meanNorm(0), meanNorm(0) / meanNorm(last),
                    trainable.get(last).name(), meanNorm(last), vanishingRatio));
        }
        return warnings;
    }

    void reset() {
        Arrays.fill(normSums, 0.0);
        batches = 0;
    }

    private double meanNorm(int p) {
        return batches == 0 ? 0.0 : normSums[p] / batches;
    }
}
