package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.TestModels;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dslc explain} and {@code dslc graph} from the command line. */
class ExplainCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void models() throws IOException {
        Files.writeString(dir.resolve("seed221.nn"), TestModels.sampleSource("seed221.nn"));
        Files.writeString(dir.resolve("xor.nn"), Models.XOR);
        Files.writeString(dir.resolve("broken.nn"), Models.UNDEFINED_NAME);
        Files.writeString(dir.resolve("penalty.nn"), TestModels.sampleSource("gradient_penalty.nn"));
    }

    @Test
    void explain_writesOneSelfContainedPage_namedAfterTheModel() throws IOException {
        Invocation run = dslc(dir, "explain", "seed221.nn", "--input", "0.5,0.3", "--target", "0.8");

        assertEquals(0, run.status(), run.err());
        assertEquals("dslc: wrote seed221.html\n", run.err());
        String page = Files.readString(dir.resolve("seed221.html"));
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("input and target as given"), "the header says where the example came from");
        assertTrue(page.contains("\"lhs\":\"dL/dW1\""));
        // The SVG namespace is a name, not an address; anything else that looks like one would be fetched.
        String withoutNamespace = page.replace("'http://www.w3.org/2000/svg'", "");
        for (String external : List.of("http://", "https://", "url(//", "<link", " src=", "@import")) {
            assertFalse(withoutNamespace.contains(external), "the page must need no network, yet has " + external);
        }
    }

    @Test
    void explain_isDeterministic_andSeeded() throws IOException {
        dslc(dir, "explain", "xor.nn", "-o", "a.html");
        dslc(dir, "explain", "xor.nn", "-o", "b.html");
        dslc(dir, "explain", "xor.nn", "--seed", "5", "-o", "c.html");
        assertEquals(Files.readString(dir.resolve("a.html")), Files.readString(dir.resolve("b.html")));
        assertFalse(Files.readString(dir.resolve("a.html")).equals(Files.readString(dir.resolve("c.html"))));
        assertTrue(Files.readString(dir.resolve("a.html")).contains("random input and target (seed 0)"));
    }

    @Test
    void explain_ofAModelWithGrad_isDeterministic_andNamesTheDerivativeNodes() throws IOException {
        dslc(dir, "explain", "penalty.nn", "-o", "a.html");
        dslc(dir, "explain", "penalty.nn", "-o", "b.html");
        String page = Files.readString(dir.resolve("a.html"));
        assertEquals(page, Files.readString(dir.resolve("b.html")));
        assertTrue(page.contains("\"lhs\":\"dce/dx\""), "grad(ce, x) is a forward step named dce/dx");
        assertTrue(page.contains("\"lhs\":\"dL/d(dce/dx)\""), "and gets its own backward step");
    }

    @Test
    void explain_toStandardOutput() {
        Invocation run = dslc(dir, "explain", "seed221.nn", "-o", "-");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("<!DOCTYPE html>"));
        assertEquals("", run.err());
    }

    @Test
    void explain_readsSavedParameters() throws Exception {
        Model model = TestModels.sample("seed221.nn");
        model.parameters()[8] = 0.25;
        ParameterFile.save(model, dir.resolve("seed221.params"));

        Invocation run = dslc(dir, "explain", "seed221.nn", "--params", "seed221.params", "-o", "p.html");

        assertEquals(0, run.status(), run.err());
        String page = Files.readString(dir.resolve("p.html"));
        assertTrue(page.contains("parameters from seed221.params"));
        assertTrue(page.contains("[0.2,0.5,0.3,0.4]") && page.contains("[0.25]"), "b2 is the saved 0.25");
    }

    @Test
    void explain_refusesParametersOfAnotherModel() throws Exception {
        ParameterFile.save(TestModels.load(Models.XOR), dir.resolve("xor.params"));
        Invocation run = dslc(dir, "explain", "seed221.nn", "--params", "xor.params");
        assertEquals(1, run.status(), "as dslc train and predict: the file is wrong for this model");
        assertTrue(run.err().startsWith("dslc: error: ") && run.err().contains("xor.params"), run.err());
        assertFalse(Files.exists(dir.resolve("seed221.html")));
    }

    @Test
    void explain_wrongNumberOfInputs_isAUsageError() {
        Invocation run = dslc(dir, "explain", "seed221.nn", "--input", "1,2,3");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: explain: --input has 3 values; the model takes 2",
                "Run 'dslc explain --help' for usage."), run.errLines());
    }

    @Test
    void explain_notANumber_isAUsageError() {
        Invocation run = dslc(dir, "explain", "seed221.nn", "--input", "0.5,abc", "--target", "NaN");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--input: not a finite number: 'abc'"), run.err());
    }

    @Test
    void explain_modelWithErrors_reportsThem_andWritesNothing() {
        Invocation run = dslc(dir, "explain", "broken.nn");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("broken.nn:8:") && run.err().contains("W9"), run.err());
        assertFalse(Files.exists(dir.resolve("broken.html")));
    }

    @Test
    void explain_missingFile_andBadOptions() {
        assertEquals(2, dslc(dir, "explain", "missing.nn").status());
        assertEquals(2, dslc(dir, "explain").status());
        assertEquals(2, dslc(dir, "explain", "seed221.nn", "--frobnicate").status());
        assertEquals(2, dslc(dir, "explain", "seed221.nn", "--seed", "x").status());
        assertEquals(2, dslc(dir, "explain", "seed221.nn", "--input").status());
    }

    @Test
    void explain_help() {
        Invocation run = dslc(dir, "explain", "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: dslc explain MODEL.nn [options]"), run.out());
    }

    @Test
    void graph_printsDot() {
        Invocation run = dslc(dir, "graph", "seed221.nn");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("digraph \"Seed221\" {"), run.out());
        assertTrue(run.out().contains("subgraph cluster_backward"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void graph_toFile_andHelp() throws IOException {
        assertEquals(0, dslc(dir, "graph", "seed221.nn", "-o", "g.dot").status());
        assertTrue(Files.readString(dir.resolve("g.dot")).startsWith("// Seed221"));
        assertTrue(dslc(dir, "graph", "-h").out().startsWith("usage: dslc graph MODEL.nn"));
        assertEquals(1, dslc(dir, "graph", "broken.nn").status());
    }
}
