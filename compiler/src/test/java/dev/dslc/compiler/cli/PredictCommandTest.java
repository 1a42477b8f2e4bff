package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void trainedXor() throws IOException {
        write(dir, "xor.nn", Models.XOR);
        write(dir, "xor.csv", TrainingFiles.XOR_TABLE);
        Invocation training = dslc(dir, "train", "xor.nn", "--data", "xor.csv", "--epochs", "300", "--batch", "4",
                "--lr", "0.05", "--seed", "1", "-o", "xor.params");
        assertEquals(0, training.status(), training.err());
    }

    @Test
    void printsOneOutputRowPerInputRow() throws IOException {
        write(dir, "inputs.csv", "0,0\n0,1\n1,0\n1,1\n");
        Invocation run = dslc(dir, "predict", "xor.nn", "--params", "xor.params", "--data", "inputs.csv");
        assertEquals(0, run.status(), run.err());
        double[] outputs = run.out().lines().mapToDouble(Double::parseDouble).toArray();
        assertEquals(4, outputs.length, run.out());
        assertTrue(outputs[0] < 0.5 && outputs[1] > 0.5 && outputs[2] > 0.5 && outputs[3] < 0.5,
                Arrays.toString(outputs));
        assertEquals("", run.err());
    }

    @Test
    void targetColumns_areIgnored_soTheTrainingFileWorksToo() {
        Invocation withTargets = dslc(dir, "predict", "xor.nn", "--params", "xor.params", "--data", "xor.csv");
        assertEquals(0, withTargets.status(), withTargets.err());
        assertEquals(4, withTargets.out().lines().count());
    }

    @Test
    void severalOutputs_areCommaSeparated() throws IOException {
        write(dir, "blobs.nn", TrainingFiles.BLOBS);
        write(dir, "blobs.csv", TrainingFiles.blobs(30, 2L));
        dslc(dir, "train", "blobs.nn", "--data", "blobs.csv", "--epochs", "1", "-o", "blobs.params");
        Invocation run = dslc(dir, "predict", "blobs.nn", "--params", "blobs.params", "--data", "blobs.csv");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(30, lines.size());
        double sum = Arrays.stream(lines.get(0).split(",")).mapToDouble(Double::parseDouble).sum();
        assertEquals(1.0, sum, 1e-12, "softmax outputs of the first row");
    }

    @Test
    void badData_isReportedByLine_exits1() throws IOException {
        write(dir, "inputs.csv", "0,0\n0,1,1,1\n");
        Invocation run = dslc(dir, "predict", "xor.nn", "--params", "xor.params", "--data", "inputs.csv");
        assertEquals(1, run.status());
        assertEquals(List.of("inputs.csv:2: error: expected 2 columns, as in the rows before, found 4"),
                run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void missingOptionsOrParameterFile_exit2() {
        Invocation noParams = dslc(dir, "predict", "xor.nn", "--data", "xor.csv");
        assertEquals(2, noParams.status());
        assertEquals("dslc: error: predict: no --params given", noParams.errLines().get(0));
        Invocation missing = dslc(dir, "predict", "xor.nn", "--params", "nope.params", "--data", "xor.csv");
        assertEquals(2, missing.status());
        assertEquals(List.of("dslc: error: nope.params: no such file"), missing.errLines());
    }

    @Test
    void parametersThatAreAFolder_areNamedAsTyped_exit2() throws IOException {
        Files.createDirectory(dir.resolve("folder.params"));
        Invocation run = dslc(dir, "predict", "xor.nn", "--params", "folder.params", "--data", "xor.csv");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: folder.params: cannot read: is a directory"), run.errLines());
    }

    @Test
    void help_printsThePredictUsage() {
        Invocation run = dslc(dir, "predict", "-h");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: dslc predict MODEL.nn --params FILE --data FILE.csv"), run.out());
    }
}
