package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;

/**
 * A number literal, possibly preceded by a minus sign where the grammar allows
 * one (dimensions, indices, initialisers, tensor literals).
 *
 * @param text  the source text, sign included
 * @param value its value; infinite when the literal overflows a double
 */
public record SignedNumber(String text, double value, Span span) {

    /** True when the literal is an integer written without a fraction or exponent, like {@code 4}. */
    public boolean isPlainInteger() {
        String digits = text.startsWith("-") ? text.substring(1).trim() : text;
        return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit);
    }

    public boolean isFinite() {
        return Double.isFinite(value);
    }
}
