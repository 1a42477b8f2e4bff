package dev.dslc.compiler.cli;

import java.math.BigDecimal;
import java.math.MathContext;

/** How {@code dslc train} writes numbers: six significant digits, no trailing zeros, no exponent for everyday sizes. */
final class NumberText {
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private NumberText() {
    }

    /**
     * {@code 0.953333}, {@code 0.96}, {@code 1}, {@code 2.5E-7}, {@code NaN}.
     *
     * <pre>{@code
     * NumberText.format(48.0 / 50)   // "0.96"
     * }</pre>
     */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SIX_DIGITS).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9) ? rounded.toString() : rounded.toPlainString();
    }
}
