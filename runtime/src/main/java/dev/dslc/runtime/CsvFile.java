package dev.dslc.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads examples for a model from a CSV file: one example a line, its columns
 * the model's inputs and then its targets, in declaration order and row-major,
 * as {@link Model} lays them out. When the file has exactly
 * {@code inputSize + 1} columns and the model has more than one target, the
 * last column is a class index (0, 1, ...) and is one-hot encoded.
 *
 * <p>The first line is a header, and skipped, when none of its fields is a
 * number; it must have as many columns as the rows, so a file whose header
 * and rows disagree, or whose header does not fit the sizes asked for, is
 * refused rather than read in some other way. Blank lines are skipped. A field may have spaces around it and may be
 * in double quotes; a field cannot contain a comma. Numbers are decimal
 * ({@code 3}, {@code -0.5}, {@code .5}, {@code 1e-3}); {@code NaN} and
 * {@code Infinity} are refused. A file whose first bytes are gzip's is
 * decompressed as it is read, so {@code digits.csv.gz} works as well as
 * {@code digits.csv}.
 *
 * <pre>{@code
 * // sepal_length,sepal_width,petal_length,petal_width,species
 * // 5.1,3.5,1.4,0.2,0
 * Dataset iris = CsvFile.read(Path.of("iris.csv"), model);
 * double[][] rows = CsvFile.readInputs(Path.of("new-flowers.csv"), model);
 * }</pre>
 *
 * <p>Anything wrong with the contents is a {@link CsvFileException} naming
 * the line; no data is returned then.
 */
public final class CsvFile {
    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};

    private CsvFile() {
    }

    /**
     * The examples in {@code file}, for {@code model}: its inputs, then its targets or a class index.
     *
     * @param file  the CSV file, plain or gzipped
     * @param model the model whose input and target sizes the columns must fit
     * @return the examples, in the file's order
     * @throws CsvFileException naming the line, if the contents do not fit
     * @throws IOException      if the file cannot be read
     */
    public static Dataset read(Path file, Model model) throws IOException {
        return read(file, model.inputSize(), model.targetSize());
    }

    /**
     * The examples in {@code file}, for a model with the given input and target sizes; a
     * header or rows of another width are refused, naming the line.
     *
     * @param file       the CSV file, plain or gzipped
     * @param inputSize  the number of input columns
     * @param targetSize the number of targets (or 1 class index column, when there are several)
     * @return the examples, in the file's order
     * @throws CsvFileException naming the line, if the contents do not fit
     * @throws IOException      if the file cannot be read
     */
    public static Dataset read(Path file, int inputSize, int targetSize) throws IOException {
        requireSizes(inputSize, targetSize);
        List<double[]> inputs = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        readRows(file, CsvLayout.forTraining(inputSize, targetSize), (layout, row, line) -> {
            double[][] example = new CsvExampleParser(inputSize, targetSize, layout).example(row, file, line);
            inputs.add(example[0]);
            targets.add(example[1]);
        });
        return new Dataset(inputs.toArray(double[][]::new), targets.toArray(double[][]::new));
    }

    /**
     * Only the inputs in {@code file}, for {@code model}; see {@link #readInputs(Path, int, int)}.
     *
     * @param file  the CSV file, plain or gzipped
     * @param model the model whose input and target sizes the columns must fit
     * @return the inputs, one row per line of data
     * @throws CsvFileException naming the line, if the contents do not fit
     * @throws IOException      if the file cannot be read
     */
    public static double[][] readInputs(Path file, Model model) throws IOException {
        return readInputs(file, model.inputSize(), model.targetSize());
    }

    /**
     * Only the inputs in {@code file}: its rows may be just the inputs, or have
     * targets after them as {@link #read} expects, which are then ignored.
     *
     * @param file       the CSV file, plain or gzipped
     * @param inputSize  the number of input columns
     * @param targetSize the number of targets that may follow them
     * @return the inputs, one row per line of data
     * @throws CsvFileException naming the line, if the contents do not fit
     * @throws IOException      if the file cannot be read
     */
    public static double[][] readInputs(Path file, int inputSize, int targetSize) throws IOException {
        requireSizes(inputSize, targetSize);
        List<double[]> inputs = new ArrayList<>();
        readRows(file, CsvLayout.forInputs(inputSize, targetSize),
                (layout, row, line) -> inputs.add(row.numbers(file, line, inputSize)));
        return inputs.toArray(double[][]::new);
    }

    private interface RowConsumer {
        void accept(CsvLayout layout, CsvRow row, int line) throws CsvFileException;
    }

    /**
     * Calls {@code consumer} with each data row, after checking that it has the columns of the
     * header, if there is one, and of the first row.
     */
    private static void readRows(Path file, CsvLayout.Choices choices, RowConsumer consumer) throws IOException {
        try (BufferedReader reader = open(file)) {
            CsvLayout layout = null;
            String asBefore = null;
            int lineNumber = 0;
            int headerLine = 0;
            boolean data = false;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                CsvRow row = CsvRow.split(line);
                boolean header = layout == null && row.isHeader();
                if (layout == null) {
                    layout = choices.select(row.columns());
                    if (layout == null) {
                        throw new CsvFileException(file, lineNumber,
                                choices.describe(row.columns()) + (header ? " in the header" : ""));
                    }
                    asBefore = header ? " (" + layout.description() + "), as in the header"
                            : ", as in the rows before";
                } else if (row.columns() != layout.columns()) {
                    throw new CsvFileException(file, lineNumber, "expected "
                            + CsvLayout.count(layout.columns(), "column") + asBefore + ", found " + row.columns());
                }
                if (header) {
                    headerLine = lineNumber;
                    continue;
                }
                consumer.accept(layout, row, lineNumber);
                data = true;
            }
            if (!data) {
                throw new CsvFileException(file, Math.max(1, headerLine),
                        headerLine == 0 ? "no data: the file is empty" : "no data: the file has only a header");
            }
        }
    }

    /** A reader of the file as UTF-8, through gzip when the file starts with its magic number. */
    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(GZIP_MAGIC.length);
            boolean gzip = in.read() == (GZIP_MAGIC[0] & 0xff) && in.read() == (GZIP_MAGIC[1] & 0xff);
            in.reset();
            InputStream content = gzip ? new GZIPInputStream(in, 1 << 16) : in;
            return new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static void requireSizes(int inputSize, int targetSize) {
        if (inputSize <= 0 || targetSize < 0) {
            throw new IllegalArgumentException("input size must be positive and target size >= 0, were "
                    + inputSize + " and " + targetSize);
        }
    }
}
