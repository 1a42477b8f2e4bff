package dev.dslc.compiler.cli;

import dev.dslc.runtime.EpochResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The per-parameter gradient norms of {@code dslc train --gradient-norms}, for
 * the first and the last epoch side by side, with each norm also as a
 * fraction of the last parameter's (the output layer's, in declaration order),
 * which is where vanishing gradients show:
 * <pre>
 * gradient norms (L2 norm of each batch's mean gradient, averaged over the epoch):
 *   parameter      epoch 1   / last     epoch 30  / last
 *   W1            3.12e-06  0.000412   2.02e-05   0.00198
 *   ...
 * </pre>
 */
final class GradientNormTable {

    private GradientNormTable() {
    }

    static void print(PrintStream err, List<EpochResult> epochs) {
        EpochResult first = epochs.get(0);
        EpochResult last = epochs.get(epochs.size() - 1);
        List<EpochResult> shown = first == last ? List.of(first) : List.of(first, last);
        int width = Math.max(9, first.gradientNorms().stream().mapToInt(n -> n.parameter().length()).max().orElse(0));
        err.println("gradient norms (L2 norm of each batch's mean gradient, averaged over the epoch):");
        StringBuilder heading = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", "parameter"));
        for (EpochResult epoch : shown) {
            heading.append(String.format(Locale.ROOT, "  %10s %9s", "epoch " + epoch.epoch(), "/ last"));
        }
        err.println(heading);
        for (int p = 0; p < first.gradientNorms().size(); p++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s",
                    first.gradientNorms().get(p).parameter()));
            for (EpochResult epoch : shown) {
                List<EpochResult.GradientNorm> norms = epoch.gradientNorms();
                double norm = norms.get(p).norm();
                double outputLayer = norms.get(norms.size() - 1).norm();
                row.append(String.format(Locale.ROOT, "  %10.3g %9.3g", norm, norm / outputLayer));
            }
            err.println(row);
        }
    }
}
