package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output option that names an input, or another output, is a usage error
 * found before any work: the input is left as it was, byte for byte.
 */
class OutputIsInputTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        write(dir, "xor.nn", Models.XOR);
        write(dir, "data.csv", TrainingFiles.XOR_TABLE);
    }

    /** Runs dslc, expects status 2 and {@code error} first on stderr, and that the model and data are unchanged. */
    private void refused(String error, String... args) throws IOException {
        Invocation run = dslc(dir, args);

        assertEquals(2, run.status(), run.err());
        assertEquals("dslc: error: " + error, run.errLines().get(0));
        assertEquals(Models.XOR, Files.readString(dir.resolve("xor.nn")));
        assertEquals(TrainingFiles.XOR_TABLE, Files.readString(dir.resolve("data.csv")));
    }

    @Test
    void train_outputThatIsTheModel_orTheData_isRefused() throws IOException {
        refused("train: --output xor.nn is also the model file; refusing to overwrite it",
                "train", "xor.nn", "--data", "data.csv", "-o", "xor.nn");
        refused("train: --output data.csv is also the --data file; refusing to overwrite it",
                "train", "xor.nn", "--data", "data.csv", "--output=data.csv");
        refused("train: --plot ./data.csv is also the --data file; refusing to overwrite it",
                "train", "xor.nn", "--data", "data.csv", "--plot", "./data.csv");
    }

    @Test
    void train_plotAndParametersToOneFile_isRefused() throws IOException {
        refused("train: --plot out.bin is also the --output file; refusing to overwrite it",
                "train", "xor.nn", "--data", "data.csv", "-o", "out.bin", "--plot", "out.bin");
        assertFalse(Files.exists(dir.resolve("out.bin")));
    }

    @Test
    void train_outputThatIsALinkToTheData_isRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("data.csv"));

        refused("train: --output link.csv is also the --data file; refusing to overwrite it",
                "train", "xor.nn", "--data", "data.csv", "-o", "link.csv");
        assertTrue(Files.isSymbolicLink(dir.resolve("link.csv")));
    }

    @Test
    void explainAndGraph_outputThatIsTheModel_isRefused() throws IOException {
        refused("explain: --output xor.nn is also the model file; refusing to overwrite it",
                "explain", "xor.nn", "-o", "xor.nn");
        refused("graph: --output xor.nn is also the model file; refusing to overwrite it",
                "graph", "xor.nn", "-o", "xor.nn");
    }

    @Test
    void separateFiles_andStandardOutput_areWritten() throws IOException {
        Invocation train = dslc(dir, "train", "xor.nn", "--data", "data.csv", "--epochs", "1", "-o", "xor.params");
        Invocation graph = dslc(dir, "graph", "xor.nn", "-o", "-");

        assertEquals(0, train.status(), train.err());
        assertTrue(Files.size(dir.resolve("xor.params")) > 0);
        assertEquals(0, graph.status(), graph.err());
        assertTrue(graph.out().contains("\ndigraph "), graph.out());
        assertEquals(List.of("data.csv", "xor.nn", "xor.params"), AtomicFileWriterTest.filesUnder(dir));
    }
}
