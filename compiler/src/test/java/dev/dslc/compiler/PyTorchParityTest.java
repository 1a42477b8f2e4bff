package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.WeightFile;
import dev.dslc.runtime.WeightOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weights written by PyTorch and NumPy (runtime/src/test/python/make_weight_fixtures.py),
 * loaded into classes dslc generates from the .nn files beside them, give
 * PyTorch's own float64 outputs and losses to 1e-12.
 */
class PyTorchParityTest {
    private static Model model(String nnFile) throws IOException {
        return TestModels.load(Files.readString(WeightFixtures.path(nnFile)));
    }

    @Test
    void mlp784_128_10_fromPyTorchF32Safetensors_givesPyTorchsSoftmaxAndCrossEntropy() throws IOException {
        Model mlp = model("mlp_784_128_10.nn");
        WeightFile.load(mlp, WeightFixtures.path("mlp_784_128_10.f32.safetensors"),
                WeightOptions.defaults().renaming(WeightFixtures.MLP_NAMES));
        List<double[]> cases = WeightFixtures.cases("mlp_784_128_10.cases.csv");
        assertEquals(4, cases.size());
        double[] output = new double[10];
        for (double[] row : cases) {
            double[] input = Arrays.copyOfRange(row, 12, 12 + 784);
            mlp.forward(input, output);
            for (int k = 0; k < 10; k++) {
                assertEquals(row[2 + k], output[k], 1e-12, "softmax output " + k);
            }
            double[] oneHot = new double[10];
            oneHot[(int) row[0]] = 1.0;
            assertEquals(row[1], mlp.loss(input, oneHot), 1e-12, "CrossEntropyLoss for class " + (int) row[0]);
        }
    }

    @Test
    void mixedScalarAndMatrixParameters_inEveryFormatAndPrecision_givePyTorchsOutputs() throws IOException {
        for (String precision : List.of("f64", "f32")) {
            List<double[]> cases = WeightFixtures.cases("mixed." + precision + ".cases.csv");
            for (String file : List.of("mixed." + precision + ".safetensors", "mixed." + precision + ".npz")) {
                Model mixed = model("mixed.nn");
                WeightFile.load(mixed, WeightFixtures.path(file));
                double[] output = new double[2];
                for (double[] row : cases) {
                    mixed.forward(Arrays.copyOfRange(row, 2, 5), output);
                    assertEquals(row[0], output[0], 1e-12, file);
                    assertEquals(row[1], output[1], 1e-12, file);
                }
            }
        }
    }
}
