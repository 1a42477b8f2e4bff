package dev.dslc.compiler.diagnostic;

import java.util.Arrays;

/**
 * A source text and the path it is reported under. Knows where its lines start,
 * so that spans turn into 1-based lines and columns (a tab is one column).
 */
public final class SourceFile {
    private final String path;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String path, String text) {
        this.path = path;
        this.text = text;
        this.lineStarts = lineStarts(text);
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    /** The file's name without folders, e.g. {@code two_layer.nn}. */
    public String fileName() {
        String normalized = path.replace('\\', '/');
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }

    /** 1-based line of an offset. */
    public int line(int offset) {
        int index = Arrays.binarySearch(lineStarts, Math.min(offset, text.length()));
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** 1-based column of an offset, counting each character (a tab too) as one. */
    public int column(int offset) {
        int clamped = Math.min(offset, text.length());
        return clamped - lineStarts[line(clamped) - 1] + 1;
    }

    /** The text of a 1-based line, without its line terminator. */
    public String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    public String text(Span span) {
        return text.substring(Math.min(span.start(), text.length()), Math.min(span.end(), text.length()));
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineEnds = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (lineEnds) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }
}
