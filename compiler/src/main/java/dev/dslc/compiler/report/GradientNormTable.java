package dev.dslc.compiler.report;

import dev.dslc.runtime.EpochResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The per-parameter gradient norms of {@code dslc train --gradient-norms}, for
 * the first and the last epoch side by side, in declaration order: input
 * layer first, so vanishing gradients show as a column that grows downwards.
 * <pre>
 * gradient norms (L2 norm of each batch's mean gradient, averaged over the epoch):
 *   parameter    epoch 1   epoch 10
 *   W1          0.000782   0.000761
 *   ...
 *   W6             0.701      0.609
 * </pre>
 */
public final class GradientNormTable {

    private GradientNormTable() {
    }

    public static void print(PrintStream err, List<EpochResult> epochs) {
        EpochResult first = epochs.get(0);
        EpochResult last = epochs.get(epochs.size() - 1);
        List<EpochResult> shown = first == last ? List.of(first) : List.of(first, last);
        int width = Math.max(9, first.gradientNorms().stream().mapToInt(n -> n.parameter().length()).max().orElse(0));
        err.println("gradient norms (L2 norm of each batch's mean gradient, averaged over the epoch):");
        StringBuilder heading = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", "parameter"));
        for (EpochResult epoch : shown) {
            heading.append(String.format(Locale.ROOT, " %10s", "epoch " + epoch.epoch()));
        }
        err.println(heading);
        for (int p = 0; p < first.gradientNorms().size(); p++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s",
                    first.gradientNorms().get(p).parameter()));
            for (EpochResult epoch : shown) {
                row.append(String.format(Locale.ROOT, " %10.3g", epoch.gradientNorms().get(p).norm()));
            }
            err.println(row);
        }
    }
}
