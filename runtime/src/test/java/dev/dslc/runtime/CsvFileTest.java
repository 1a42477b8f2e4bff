package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {
    @TempDir
    Path directory;

    private Path file(String content) throws IOException {
        return Files.writeString(directory.resolve("data.csv"), content);
    }

    private CsvFileException refused(String content, int inputSize, int targetSize) throws IOException {
        Path file = file(content);
        return assertThrows(CsvFileException.class, () -> CsvFile.read(file, inputSize, targetSize));
    }

    private static void assertRows(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], "row " + i);
        }
    }

    @Test
    void columns_areInputsThenTargets() throws IOException {
        Dataset data = CsvFile.read(file("0,1,1\n1,1,0\n"), 2, 1);
        assertRows(new double[][] {{0, 1}, {1, 1}}, data.inputs());
        assertRows(new double[][] {{1}, {0}}, data.targets());
    }

    @Test
    void numbers_inEveryDecimalForm() throws IOException {
        Dataset data = CsvFile.read(file("-0.5, +2 ,.5,1e-3,2.5E+4,7.\n"), 5, 1);
        assertArrayEquals(new double[] {-0.5, 2, 0.5, 1e-3, 2.5e4}, data.input(0));
        assertArrayEquals(new double[] {7}, data.target(0));
    }

    @Test
    void firstLineWithoutNumbers_isAHeader() throws IOException {
        Dataset data = CsvFile.read(file("x1, \"x2\" ,y\n0,1,1\n"), 2, 1);
        assertEquals(1, data.size());
        assertArrayEquals(new double[] {0, 1}, data.input(0));
    }

    @Test
    void firstLineWithANumber_isData_soATypoIsReportedNotSkipped() throws IOException {
        CsvFileException e = refused("0,oops,1\n1,1,0\n", 2, 1);
        assertEquals(1, e.line());
        assertEquals("column 2: 'oops' is not a number", e.reason());
    }

    @Test
    void classIndexColumn_isOneHotEncoded() throws IOException {
        Dataset data = CsvFile.read(file("5.1,3.5,0\n6.2,2.9,2\n5.9,3.0,1.0\n"), 2, 3);
        assertRows(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}, data.targets());
        assertArrayEquals(new double[] {6.2, 2.9}, data.input(1));
    }

    @Test
    void fullTargetColumns_areTakenAsTheyAre() throws IOException {
        Dataset data = CsvFile.read(file("1,2,0.2,0.3,0.5\n"), 2, 3);
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, data.target(0));
    }

    @Test
    void blankLines_crlf_andAByteOrderMark_areAccepted() throws IOException {
        Dataset data = CsvFile.read(file("\uFEFFa,b\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n"), 1, 1);
        assertRows(new double[][] {{1}, {3}}, data.inputs());
        assertRows(new double[][] {{2}, {4}}, data.targets());
    }

    @Test
    void gzippedFile_isReadThroughGzip() throws IOException {
        Path file = directory.resolve("data.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("x,y\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset data = CsvFile.read(file, 1, 1);
        assertRows(new double[][] {{1}, {2}}, data.inputs());
    }

    @Test
    void wrongColumnCount_inTheFirstRow_saysWhatWouldFit() throws IOException {
        assertEquals("expected 3 columns (2 inputs, then 1 target), found 4", refused("1,2,3,4\n", 2, 1).reason());
        assertEquals("expected 5 columns (2 inputs, then 3 targets) or 3 (2 inputs, then a class index), found 4",
                refused("1,2,3,4\n", 2, 3).reason());
        assertEquals("expected 1 column (1 input), found 2", refused("1,2\n", 1, 0).reason());
    }

    @Test
    void wrongColumnCount_inALaterRow_namesItsLine() throws IOException {
        CsvFileException e = refused("1,2,1\n\n3,4,0\n5,6\n", 2, 1);
        assertEquals(4, e.line());
        assertEquals("expected 3 columns, as in the rows before, found 2", e.reason());
        assertEquals(e.file() + ":4: expected 3 columns, as in the rows before, found 2", e.getMessage());
    }

    @Test
    void nonNumbers_areRefusedNamingTheColumn() throws IOException {
        assertEquals("column 3: 'x' is not a number", refused("1,2,x\n", 2, 1).reason());
        assertEquals("column 1: empty field; expected a number", refused("1,2,1\n,2,1\n", 2, 1).reason());
        assertEquals("column 2: 'NaN' is not a number", refused("1,NaN,1\n", 2, 1).reason());
        assertEquals("column 2: 'Infinity' is not a number", refused("1,Infinity,1\n", 2, 1).reason());
        assertEquals("column 2: '0x1p3' is not a number", refused("1,0x1p3,1\n", 2, 1).reason());
        assertEquals("column 1: '1e999' is not a finite number", refused("1e999,2,1\n", 2, 1).reason());
        assertEquals("column 1: '1.5.2' is not a number", refused("1.5.2,2,1\n", 2, 1).reason());
    }

    @Test
    void classIndex_outOfRangeOrFractional_isRefused() throws IOException {
        assertEquals("column 3: class index 3 is out of range: the model has 3 classes, 0 to 2",
                refused("1,2,0\n1,2,3\n", 2, 3).reason());
        assertEquals("column 3: class index -1 is out of range: the model has 3 classes, 0 to 2",
                refused("1,2,-1\n", 2, 3).reason());
        assertEquals("column 3: class index 1.5 is not a whole number", refused("1,2,1.5\n", 2, 3).reason());
    }

    @Test
    void emptyFile_orOnlyAHeader_hasNoData() throws IOException {
        CsvFileException empty = refused("", 2, 1);
        assertEquals(1, empty.line());
        assertEquals("no data: the file is empty", empty.reason());
        assertEquals("no data: the file is empty", refused("\n\n  \n", 2, 1).reason());
        CsvFileException header = refused("\nx1,x2,y\n\n", 2, 1);
        assertEquals(2, header.line());
        assertEquals("no data: the file has only a header", header.reason());
    }

    @Test
    void readInputs_takesInputsAlone_orIgnoresTargets() throws IOException {
        assertRows(new double[][] {{1, 2}}, CsvFile.readInputs(file("1,2\n"), 2, 3));
        assertRows(new double[][] {{1, 2}}, CsvFile.readInputs(file("1,2,0,1,0\n"), 2, 3));
        assertRows(new double[][] {{1, 2}}, CsvFile.readInputs(file("1,2,2\n"), 2, 3));
        Path wrong = file("1,2,3,4\n");
        CsvFileException e = assertThrows(CsvFileException.class, () -> CsvFile.readInputs(wrong, 2, 3));
        assertEquals("expected 2 columns (the inputs) or 5 (2 inputs, then 3 targets) or 3 (2 inputs, then a class"
                + " index), found 4", e.reason());
    }

    @Test
    void readForAModel_usesItsSizes() throws IOException {
        Dataset data = CsvFile.read(file("1,2,1\n"), new SoftmaxRegression(2, 3));
        assertArrayEquals(new double[] {0, 1, 0}, data.target(0));
    }

    @Test
    void header_thatDoesNotFitTheSizes_isRefusedOnItsLine() throws IOException {
        // the rows alone would fit 2 + 1, but the header says the file has four columns
        CsvFileException e = refused("\nx1,x2,x3,y\n1,2,3\n", 2, 1);
        assertEquals(2, e.line());
        assertEquals("expected 3 columns (2 inputs, then 1 target), found 4 in the header", e.reason());
        assertEquals("expected 5 columns (2 inputs, then 3 targets) or 3 (2 inputs, then a class index), found 2"
                + " in the header", refused("h1,h2\n1,2,3,4,5\n", 2, 3).reason());
    }

    @Test
    void rows_thatDisagreeWithTheHeader_areRefused() throws IOException {
        CsvFileException e = refused("x1,x2,y\n1,2,1\n1,2\n", 2, 1);
        assertEquals(3, e.line());
        assertEquals("expected 3 columns (2 inputs, then 1 target), as in the header, found 2", e.reason());
        Path inputsOnly = file("x1,x2,y\n1,2\n");
        assertEquals("expected 3 columns (2 inputs, then 1 target), as in the header, found 2",
                assertThrows(CsvFileException.class, () -> CsvFile.readInputs(inputsOnly, 2, 1)).reason());
    }

    @Test
    void header_withTheClassIndexLayout_isAccepted() throws IOException {
        Dataset data = CsvFile.read(file("a,b,species\n1,2,2\n"), 2, 3);
        assertArrayEquals(new double[] {0, 0, 1}, data.target(0));
    }

    @Test
    void readInputsForAModel_usesItsSizes() throws IOException {
        assertRows(new double[][] {{1, 2}}, CsvFile.readInputs(file("1,2,2\n"), new SoftmaxRegression(2, 3)));
    }
}
