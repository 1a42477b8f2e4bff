package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.GradientCheck;
import dev.dslc.runtime.Standardization;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlowerTest {

    @Test
    void backward_agreesWithFiniteDifferences() throws IOException {
        Flower model = new Flower(7L);
        // real values for mu and sigma, so that the check goes through (x - mu) / sigma as trained
        Standardization.fit(model, CsvFile.read(Path.of("data/iris.csv"), model), "mu", "sigma");
        double[] input = {5.1, 3.5, 1.4, 0.2};   // the first flower of iris.csv, a setosa
        double[] target = {1, 0, 0};

        GradientCheck.Result result = GradientCheck.everyParameter().check(model, input, target);

        // W1, b1, W2 and b2: 32 + 8 + 24 + 3 elements; mu and sigma are constants, never differentiated
        assertEquals(67, result.checkedParameters());
        // tanh, softmax and the loss are smooth: central differences with h = 1e-5 agree to
        // about 1e-9 here, so 1e-6 fails for a wrong gradient, not for rounding
        assertTrue(result.passes(1e-6), result::toString);
    }
}
