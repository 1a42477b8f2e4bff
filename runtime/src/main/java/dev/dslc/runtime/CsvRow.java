package dev.dslc.runtime;

import java.nio.file.Path;

/**
 * One line of a CSV file, split at its commas without copying the fields, so
 * that reading a large file makes one array per row and few strings.
 */
final class CsvRow {
    private static final int LONGEST_SHOWN_FIELD = 40;
    private final String line;
    /** Field {@code i} is {@code line[starts[i], starts[i + 1] - 1)}; the last entry is one past the line's end. */
    private final int[] starts;

    private CsvRow(String line, int[] starts) {
        this.line = line;
        this.starts = starts;
    }

    static CsvRow split(String line) {
        int commas = 0;
        for (int i = 0; i < line.length(); i++) {
            commas += line.charAt(i) == ',' ? 1 : 0;
        }
        int[] starts = new int[commas + 2];
        int field = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ',') {
                starts[field++] = i + 1;
            }
        }
        starts[field] = line.length() + 1;
        return new CsvRow(line, starts);
    }

    int columns() {
        return starts.length - 1;
    }

    /** A header has no field that is a number. */
    boolean isHeader() {
        for (int i = 0; i < columns(); i++) {
            if (!Double.isNaN(number(i))) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code count} fields as numbers; throws naming the first that is not one. */
    double[] numbers(Path file, int lineNumber, int count) throws CsvFileException {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            double value = number(i);
            if (!Double.isFinite(value)) {
                throw new CsvFileException(file, lineNumber, "column " + (i + 1) + ": " + whyNotANumber(i, value));
            }
            values[i] = value;
        }
        return values;
    }

    /** Prints a whole number without {@code .0}, for messages about class indices. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private String whyNotANumber(int field, double value) {
        String text = trimmed(field);
        if (text.isEmpty()) {
            return "empty field; expected a number";
        }
        String shown = text.length() > LONGEST_SHOWN_FIELD ? text.substring(0, LONGEST_SHOWN_FIELD) + "..." : text;
        return "'" + shown + "' is not " + (Double.isNaN(value) ? "a number" : "a finite number");
    }

    private String trimmed(int field) {
        int[] bounds = bounds(field);
        return line.substring(bounds[0], bounds[1]);
    }

    /** The field's start and end without surrounding blanks and one pair of double quotes. */
    private int[] bounds(int field) {
        int start = starts[field];
        int end = starts[field + 1] - 1;
        while (start < end && isBlank(line.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(line.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2 && line.charAt(start) == '"' && line.charAt(end - 1) == '"') {
            start++;
            end--;
        }
        return new int[] {start, end};
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** The field's value, NaN when it is not a decimal number (infinite when it overflows). */
    private double number(int field) {
        int[] bounds = bounds(field);
        int start = bounds[0];
        int end = bounds[1];
        if (!DecimalSyntax.matches(line, start, end)) {
            return Double.NaN;
        }
        // Most pixel and class columns are small integers: skip Double.parseDouble for them.
        long whole = DecimalSyntax.smallInteger(line, start, end);
        return whole != DecimalSyntax.NOT_SMALL ? whole : Double.parseDouble(line.substring(start, end));
    }
}
