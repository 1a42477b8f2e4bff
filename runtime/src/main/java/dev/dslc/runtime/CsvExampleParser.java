package dev.dslc.runtime;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns one line of a training CSV file into an example, by the rules of
 * {@link CsvFile}, for readers that see a file a line at a time in no fixed
 * order (dslc-spark's partitions). The layout (inputs then targets, or inputs
 * then a class index) is fixed by the file's first data row; every other row
 * must have as many columns. Serializable, so a Spark task can carry it.
 *
 * <pre>{@code
 * CsvExampleParser parser = CsvExampleParser.forFirstRow(firstDataLine, 64, 10, file, 2);
 * double[][] example = parser.parse(line, file, lineNumber);   // {input, target}
 * }</pre>
 */
public final class CsvExampleParser implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The model's input size. */
    private final int inputSize;
    /** The model's target size. */
    private final int targetSize;
    /** Columns in every data row. */
    private final int columns;
    /** Whether the last column is a class index rather than the targets themselves. */
    private final boolean classIndex;

    CsvExampleParser(int inputSize, int targetSize, CsvLayout layout) {
        this.inputSize = inputSize;
        this.targetSize = targetSize;
        this.columns = layout.columns();
        this.classIndex = layout.classIndex();
    }

    /**
     * The parser for a file whose first data row is {@code line}, at {@code lineNumber} of {@code file}.
     *
     * @param line       the first data row
     * @param inputSize  the model's input size
     * @param targetSize the model's target size
     * @param file       the file, named in errors
     * @param lineNumber the row's line in the file, from 1
     * @return a parser for the rows of that layout
     * @throws CsvFileException when its columns fit none of the model's layouts
     */
    public static CsvExampleParser forFirstRow(String line, int inputSize, int targetSize, Path file, int lineNumber)
            throws CsvFileException {
        CsvLayout.Choices choices = CsvLayout.forTraining(inputSize, targetSize);
        int found = CsvRow.split(line).columns();
        CsvLayout layout = choices.select(found);
        if (layout == null) {
            throw new CsvFileException(file, lineNumber, choices.describe(found));
        }
        return new CsvExampleParser(inputSize, targetSize, layout);
    }

    /**
     * {@return whether {@code line} is a header (no field is a number)}; only a file's first non-blank line may be one.
     *
     * @param line a line of the file
     */
    public static boolean isHeader(String line) {
        return CsvRow.split(line.startsWith("\uFEFF") ? line.substring(1) : line).isHeader();
    }

    /**
     * {@return the example on a data row, as {@code {input, target}}}
     *
     * @param line       the row
     * @param file       the file, named in errors
     * @param lineNumber the row's line in the file, from 1
     * @throws CsvFileException naming the line and column of a problem
     */
    public double[][] parse(String line, Path file, int lineNumber) throws CsvFileException {
        CsvRow row = CsvRow.split(line);
        if (row.columns() != columns) {
            throw new CsvFileException(file, lineNumber, "expected " + CsvLayout.count(columns, "column")
                    + ", as in the rows before, found " + row.columns());
        }
        return example(row, file, lineNumber);
    }

    /** The example on a row already known to have the layout's columns. */
    double[][] example(CsvRow row, Path file, int line) throws CsvFileException {
        double[] values = row.numbers(file, line, columns);
        double[] target = classIndex ? oneHot(values[inputSize], file, line, inputSize + 1)
                : Arrays.copyOfRange(values, inputSize, inputSize + targetSize);
        return new double[][] {Arrays.copyOf(values, inputSize), target};
    }

    private double[] oneHot(double index, Path file, int line, int column) throws CsvFileException {
        if (index != Math.rint(index)) {
            throw new CsvFileException(file, line, "column " + column + ": class index "
                    + CsvRow.format(index) + " is not a whole number");
        }
        if (index < 0 || index >= targetSize) {
            throw new CsvFileException(file, line, "column " + column + ": class index " + CsvRow.format(index)
                    + " is out of range: the model has " + targetSize + " classes, 0 to " + (targetSize - 1));
        }
        double[] target = new double[targetSize];
        target[(int) index] = 1.0;
        return target;
    }
}
