package dev.dslc.compiler.explain;

import java.math.BigDecimal;

/** Constants as the page writes them: the shortest text that reads back exactly, without Java's {@code .0} and {@code E}. */
final class Numbers {

    private Numbers() {
    }

    /** {@code 0.5}, {@code 2}, {@code -0.0001}, {@code 1e-9}. */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        String text = Double.toString(value);
        int exponentAt = text.indexOf('E');
        int exponent = exponentAt < 0 ? 0 : Integer.parseInt(text.substring(exponentAt + 1));
        if (exponent >= -7 && exponent < 21) {
            String plain = new BigDecimal(text).toPlainString();
            return plain.contains(".") ? plain.replaceAll("0+$", "").replaceAll("\\.$", "") : plain;
        }
        String mantissa = text.substring(0, exponentAt).replaceAll("\\.0$", "");
        return mantissa + "e" + (exponent > 0 ? "+" : "") + exponent;
    }
}
