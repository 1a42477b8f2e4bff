package dev.dslc.compiler.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** How {@code dslc train} writes numbers: six significant digits, no trailing zeros, no exponent for everyday sizes. */
public final class NumberText {
    private static final int DIGITS = 6;

    private NumberText() {
    }

    /**
     * {@code 0.953333}, {@code 0.96}, {@code 1}, {@code 2.5E-7}, {@code NaN}.
     *
     * <pre>{@code
     * NumberText.format(48.0 / 50)   // "0.96"
     * }</pre>
     */
    public static String format(double value) {
        return format(value, DIGITS);
    }

    /** As {@link #format(double)}, to {@code digits} significant digits. */
    public static String format(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        // BigDecimal.toString keeps 0.00000367 plain; Double.toString writes 3.67E-6
        return magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)
                ? Double.toString(rounded.doubleValue()) : rounded.toPlainString();
    }
}
