package dev.dslc.runtime;

/**
 * The numbers a CSV file may hold: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}.
 * Stricter than {@link Double#parseDouble}, which also takes {@code NaN},
 * {@code Infinity}, hexadecimal and a trailing {@code d} or {@code f}.
 */
final class DecimalSyntax {
    /** What {@link #smallInteger} returns for anything but a short integer. */
    static final long NOT_SMALL = Long.MIN_VALUE;
    private static final int SMALL_DIGITS = 15;

    private DecimalSyntax() {
    }

    static boolean matches(CharSequence text, int start, int end) {
        int i = sign(text, start, end);
        int integerDigits = digits(text, i, end);
        i += integerDigits;
        int fractionDigits = 0;
        if (i < end && text.charAt(i) == '.') {
            fractionDigits = digits(text, i + 1, end);
            i += 1 + fractionDigits;
        }
        if (integerDigits + fractionDigits == 0) {
            return false;
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponentStart = sign(text, i + 1, end);
            int exponentDigits = digits(text, exponentStart, end);
            if (exponentDigits == 0) {
                return false;
            }
            i = exponentStart + exponentDigits;
        }
        return i == end;
    }

    /** The value of an optionally signed integer of at most 15 digits, else {@link #NOT_SMALL}. */
    static long smallInteger(CharSequence text, int start, int end) {
        int i = sign(text, start, end);
        if (end - i > SMALL_DIGITS || digits(text, i, end) != end - i || i == end) {
            return NOT_SMALL;
        }
        long value = 0;
        for (; i < end; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return text.charAt(start) == '-' ? -value : value;
    }

    private static int sign(CharSequence text, int i, int end) {
        return i < end && (text.charAt(i) == '+' || text.charAt(i) == '-') ? i + 1 : i;
    }

    private static int digits(CharSequence text, int i, int end) {
        int count = 0;
        while (i + count < end && text.charAt(i + count) >= '0' && text.charAt(i + count) <= '9') {
            count++;
        }
        return count;
    }
}
