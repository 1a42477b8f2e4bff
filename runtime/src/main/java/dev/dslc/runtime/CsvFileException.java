package dev.dslc.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A CSV file that {@link CsvFile} cannot turn into examples: a wrong number of
 * columns, a field that is not a number, a class index out of range, no data.
 * It knows the line (counted from 1) so that a command line tool can print
 * {@code file:line: error: reason}.
 *
 * <pre>{@code
 * try {
 *     Dataset data = CsvFile.read(Path.of("iris.csv"), 4, 3);
 * } catch (CsvFileException e) {
 *     System.err.println(e.getMessage());   // iris.csv:17: column 2: 'abc' is not a number
 * }
 * }</pre>
 */
public final class CsvFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    /** The line the problem is on, counted from 1. */
    private final int line;
    /** What is wrong, without the file and line. */
    private final String reason;

    /**
     * @param file   the file as it was given to {@link CsvFile}
     * @param line   the line the problem is on, counted from 1
     * @param reason what is wrong, without the file and line
     */
    public CsvFileException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** {@return the file as it was given to {@link CsvFile}} */
    public Path file() {
        return file;
    }

    /** {@return the line the problem is on, counted from 1} */
    public int line() {
        return line;
    }

    /** {@return what is wrong, without the file and line} */
    public String reason() {
        return reason;
    }
}
