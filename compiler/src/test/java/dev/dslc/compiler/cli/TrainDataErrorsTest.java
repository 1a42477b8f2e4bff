package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dslc train} on bad data: one {@code file:line: error:} line and exit 1, never a stack trace. */
class TrainDataErrorsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void models() throws IOException {
        write(dir, "xor.nn", Models.XOR);
        write(dir, "blobs.nn", TrainingFiles.BLOBS);
    }

    /** Trains {@code model} on a file with {@code content}; expects exit 1 and exactly {@code error} on stderr. */
    private void refused(String model, String content, String error) throws IOException {
        write(dir, "data.csv", content);
        Invocation run = dslc(dir, "train", model, "--data", "data.csv");
        assertEquals(1, run.status(), run.err());
        assertEquals(List.of(error), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void wrongColumnCount_inTheFirstRow() throws IOException {
        refused("xor.nn", "x1,x2,y\n0,0,0,1\n",
                "data.csv:2: error: expected 3 columns (2 inputs, then 1 target), as in the header, found 4");
        refused("xor.nn", "x1,x2,x3,y\n0,0,0\n",
                "data.csv:1: error: expected 3 columns (2 inputs, then 1 target), found 4 in the header");
        refused("blobs.nn", "0,0\n", "data.csv:1: error: expected 5 columns (2 inputs, then 3 targets)"
                + " or 3 (2 inputs, then a class index), found 2");
    }

    @Test
    void wrongColumnCount_inALaterRow() throws IOException {
        refused("xor.nn", "0,0,0\n0,1,1\n\n1,0\n", "data.csv:4: error: expected 3 columns, as in the rows before, found 2");
    }

    @Test
    void nonNumbers() throws IOException {
        refused("xor.nn", "0,0,0\n0,one,1\n", "data.csv:2: error: column 2: 'one' is not a number");
        refused("xor.nn", "0,0,0\n0,,1\n", "data.csv:2: error: column 2: empty field; expected a number");
        refused("xor.nn", "0,0,NaN\n", "data.csv:1: error: column 3: 'NaN' is not a number");
    }

    @Test
    void classIndexOutOfRange_orNotWhole() throws IOException {
        refused("blobs.nn", "x1,x2,class\n0.5,1,2\n0.5,1,3\n",
                "data.csv:3: error: column 3: class index 3 is out of range: the model has 3 classes, 0 to 2");
        refused("blobs.nn", "0.5,1,0.5\n", "data.csv:1: error: column 3: class index 0.5 is not a whole number");
    }

    @Test
    void emptyFile_andHeaderOnly() throws IOException {
        refused("xor.nn", "", "data.csv:1: error: no data: the file is empty");
        refused("xor.nn", "x1,x2,y\n", "data.csv:1: error: no data: the file has only a header");
    }

    @Test
    void badTestFile_isReportedByItsOwnName() throws IOException {
        write(dir, "data.csv", TrainingFiles.XOR_TABLE);
        write(dir, "test.csv", "0,0,0\n1,x,1\n");
        Invocation run = dslc(dir, "train", "xor.nn", "--data", "data.csv", "--test", "test.csv");
        assertEquals(1, run.status());
        assertEquals(List.of("test.csv:2: error: column 2: 'x' is not a number"), run.errLines());
    }

    @Test
    void missingFile_orAFolder_exits2() throws IOException {
        Invocation missing = dslc(dir, "train", "xor.nn", "--data", "nope.csv");
        assertEquals(2, missing.status());
        assertEquals(List.of("dslc: error: nope.csv: no such file"), missing.errLines());
        Files.createDirectory(dir.resolve("folder"));
        Invocation folder = dslc(dir, "train", "xor.nn", "--data", "folder");
        assertEquals(2, folder.status());
        assertEquals(List.of("dslc: error: folder: is a directory"), folder.errLines());
    }

    @Test
    void unwritableOutput_isNamedAsTyped_neverTheTemporaryFile() throws IOException {
        write(dir, "data.csv", TrainingFiles.XOR_TABLE);
        Invocation missing = dslc(dir, "train", "xor.nn", "--data", "data.csv", "--epochs", "1", "-o", "out/xor.params");
        assertEquals(2, missing.status());
        assertEquals("dslc: error: cannot write out/xor.params: no such directory", missing.errLines().get(1));
        Files.createDirectory(dir.resolve("folder.params"));
        Invocation folder = dslc(dir, "train", "xor.nn", "--data", "data.csv", "--epochs", "1", "-o", "folder.params");
        assertEquals(2, folder.status());
        assertEquals("dslc: error: cannot write folder.params: is a directory", folder.errLines().get(1));
    }

    @Test
    void gzippedData_isReadAsIs() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("xor.csv.gz")))) {
            out.write(TrainingFiles.XOR_TABLE.getBytes(StandardCharsets.UTF_8));
        }
        Invocation run = dslc(dir, "train", "xor.nn", "--data", "xor.csv.gz", "--epochs", "1");
        assertEquals(0, run.status(), run.err());
        assertFalse(run.err().contains("error"), run.err());
        assertTrue(run.out().startsWith("final: "), run.out());
    }
}
