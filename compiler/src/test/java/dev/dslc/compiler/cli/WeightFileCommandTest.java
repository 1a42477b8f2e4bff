package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static dev.dslc.compiler.cli.TrainingFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.TestModels;
import dev.dslc.compiler.WeightFixtures;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.WeightFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dslc predict}, {@code train} and {@code explain} with .safetensors and .npz files. */
class WeightFileCommandTest {
    private static final String MLP_RENAMES = "fc1.weight=W1,fc1.bias=b1,fc2.weight=W2,fc2.bias=b2";

    @TempDir
    Path dir;

    @BeforeEach
    void fixtures() throws IOException {
        for (String name : List.of("mixed.nn", "mixed.f64.safetensors", "mixed.f64.npz", "mixed.f32.npz",
                "mlp_784_128_10.nn", "mlp_784_128_10.f32.safetensors")) {
            Files.copy(WeightFixtures.path(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the inputs of a cases file (the last {@code inputs} numbers of each row) as a CSV file. */
    private void inputs(String cases, int inputs, String csv) throws IOException {
        write(dir, csv, WeightFixtures.cases(cases).stream().map(row -> Arrays.stream(row, row.length - inputs,
                row.length).mapToObj(Double::toString).collect(Collectors.joining(","))).collect(
                Collectors.joining("\n", "", "\n")));
    }

    /** Checks the printed outputs against the first {@code outputs} numbers of each row of {@code cases}. */
    private static void assertOutputs(String cases, int first, int outputs, Invocation run) throws IOException {
        assertEquals(0, run.status(), run.err());
        List<double[]> expected = WeightFixtures.cases(cases);
        List<String> lines = run.out().lines().toList();
        assertEquals(expected.size(), lines.size(), run.out());
        for (int i = 0; i < lines.size(); i++) {
            double[] printed = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
            for (int k = 0; k < outputs; k++) {
                assertEquals(expected.get(i)[first + k], printed[k], 1e-12, "row " + i + " output " + k);
            }
        }
    }

    @Test
    void predict_withPyTorchWeights_printsPyTorchsOutputs() throws IOException {
        inputs("mixed.f64.cases.csv", 3, "inputs.csv");
        for (String file : List.of("mixed.f64.safetensors", "mixed.f64.npz")) {
            assertOutputs("mixed.f64.cases.csv", 0, 2,
                    dslc(dir, "predict", "mixed.nn", "--params", file, "--data", "inputs.csv"));
        }
        assertOutputs("mixed.f32.cases.csv", 0, 2,
                dslc(dir, "predict", "mixed.nn", "--params", "mixed.f32.npz", "--data", "inputs.csv"));
    }

    @Test
    void predict_784_128_10_withRenames_inlineOrFromAFile() throws IOException {
        inputs("mlp_784_128_10.cases.csv", 784, "digits.csv");
        assertOutputs("mlp_784_128_10.cases.csv", 2, 10, dslc(dir, "predict", "mlp_784_128_10.nn", "--params",
                "mlp_784_128_10.f32.safetensors", "--rename", MLP_RENAMES, "--data", "digits.csv"));
        write(dir, "names.txt", "# PyTorch's names = the model's\n" + MLP_RENAMES.replace(",", "\n") + "\n\n");
        assertOutputs("mlp_784_128_10.cases.csv", 2, 10, dslc(dir, "predict", "mlp_784_128_10.nn", "--params",
                "mlp_784_128_10.f32.safetensors", "--rename", "@names.txt", "--data", "digits.csv"));
    }

    @Test
    void pytorchNamesWithoutRenames_areReported_oneProblemALine_exit1() throws IOException {
        inputs("mlp_784_128_10.cases.csv", 784, "digits.csv");
        Invocation run = dslc(dir, "predict", "mlp_784_128_10.nn", "--params", "mlp_784_128_10.f32.safetensors",
                "--data", "digits.csv");
        assertEquals(1, run.status());
        assertEquals(List.of("mlp_784_128_10.f32.safetensors: error: missing tensors W1, b1, W2, b2; map the file's"
                        + " names to the model's with --rename FILE_NAME=PARAMETER (WeightOptions.renaming in Java)",
                "mlp_784_128_10.f32.safetensors: error: extra tensors the model has no parameter for: fc1.weight,"
                        + " fc1.bias, fc2.weight, fc2.bias (--allow-extra, or WeightOptions.allowingExtra(),"
                        + " ignores them)"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void aBrokenFile_isReportedAsFileError_exit1_andNothingIsTrained() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("mixed.f64.safetensors"));
        Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length - 8));
        write(dir, "data.csv", "0.1,0.2,0.3,1,0\n");
        Invocation run = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "--init-params", "cut.safetensors",
                "-o", "out.npz");
        assertEquals(1, run.status());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).startsWith("cut.safetensors: error: truncated: tensor \"c\" ends at byte"),
                run.err());
        assertTrue(Files.notExists(dir.resolve("out.npz")));
    }

    @Test
    void train_fromPyTorchWeights_savesF32Npz() throws IOException {
        write(dir, "data.csv", "0.1,0.2,0.3,1,0\n-0.5,0.4,0.9,0,1\n");
        Invocation run = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "--params", "mixed.f64.safetensors",
                "--epochs", "1", "-o", "out.npz", "--dtype", "F32");
        assertEquals(0, run.status(), run.err());
        Model model = TestModels.load(Files.readString(dir.resolve("mixed.nn")));
        WeightFile.load(model, dir.resolve("out.npz"));
        assertTrue(Arrays.stream(model.parameters()).allMatch(v -> (float) v == v), "F32 values");
        Model start = TestModels.load(Files.readString(dir.resolve("mixed.nn")));
        WeightFile.load(start, dir.resolve("mixed.f64.safetensors"));
        assertEquals(start.parameters()[16], model.parameters()[16], 0.01, "s, trained one step from PyTorch's");
    }

    @Test
    void renames_applyWhenReadingAndWriting() throws IOException {
        write(dir, "data.csv", "0.1,0.2,0.3,1,0\n");
        Invocation run = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "--init-params",
                "mixed.f64.safetensors", "--rename", "layer.weight=W", "--allow-extra", "-o", "out.safetensors");
        assertEquals(1, run.status(), run.err());
        assertEquals(List.of("mixed.f64.safetensors: error: missing tensor layer.weight (for parameter W); map the"
                + " file's names to the model's with --rename FILE_NAME=PARAMETER (WeightOptions.renaming in Java)"),
                run.errLines());
        run = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "--epochs", "1", "--rename", "layer.weight=W",
                "-o", "out.safetensors");
        assertEquals(0, run.status(), run.err());
        String header = new String(Files.readAllBytes(dir.resolve("out.safetensors")), StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("\"model\":\"Mixed\"") && header.contains("\"layer.weight\":{\"dtype\":\"F64\","
                + "\"shape\":[4,3]") && !header.contains("\"W\""), header.substring(0, 200));
    }

    @Test
    void misusedOptions_areUsageErrors_exit2() throws IOException {
        write(dir, "data.csv", "0.1,0.2,0.3\n");
        Invocation extra = dslc(dir, "predict", "mixed.nn", "--params", "xor.params", "--allow-extra",
                "--data", "data.csv");
        assertEquals(2, extra.status());
        assertEquals("dslc: error: predict: --allow-extra needs a .safetensors or .npz file to read",
                extra.errLines().get(0));
        Invocation dtype = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "-o", "out.params",
                "--dtype", "f32");
        assertEquals("dslc: error: train: --dtype needs -o with a .safetensors or .npz file",
                dtype.errLines().get(0));
        Invocation badDtype = dslc(dir, "train", "mixed.nn", "--data", "data.csv", "-o", "out.npz",
                "--dtype", "f16");
        assertEquals("dslc: error: train: --dtype must be f64 or f32, got f16", badDtype.errLines().get(0));
        Invocation malformed = dslc(dir, "predict", "mixed.nn", "--params", "mixed.f64.npz", "--rename",
                "W1", "--data", "data.csv");
        assertEquals("dslc: error: predict: --rename: expected FILE_NAME=PARAMETER, got 'W1'",
                malformed.errLines().get(0));
        Invocation noSuchParameter = dslc(dir, "predict", "mixed.nn", "--params", "mixed.f64.npz", "--rename",
                "fc.weight=W9", "--data", "data.csv");
        assertEquals(2, noSuchParameter.status());
        assertEquals("dslc: error: predict: --rename: the rename fc.weight=W9 names no parameter of the model"
                + " (it has W, b, s, V, c)", noSuchParameter.errLines().get(0));
    }

    @Test
    void aRenameFile_withABadLine_isReportedByLine_exit1() throws IOException {
        write(dir, "data.csv", "0.1,0.2,0.3\n");
        write(dir, "names.txt", "layer.weight=W\noops\n");
        Invocation run = dslc(dir, "predict", "mixed.nn", "--params", "mixed.f64.npz", "--rename", "@names.txt",
                "--data", "data.csv");
        assertEquals(1, run.status());
        assertEquals(List.of("names.txt:2: error: expected FILE_NAME=PARAMETER, got 'oops'"), run.errLines());
        Invocation missing = dslc(dir, "predict", "mixed.nn", "--params", "mixed.f64.npz", "--rename", "@nope.txt",
                "--data", "data.csv");
        assertEquals(2, missing.status());
        assertEquals(List.of("dslc: error: nope.txt: no such file"), missing.errLines());
    }

    @Test
    void explain_readsSafetensorsToo() {
        Invocation run = dslc(dir, "explain", "mixed.nn", "--params", "mixed.f64.safetensors", "-o", "page.html");
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.exists(dir.resolve("page.html")));
    }
}
