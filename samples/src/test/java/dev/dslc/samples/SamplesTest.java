package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The samples, built through the Maven plugin, compute what the spec says and learn. */
class SamplesTest {

    @Test
    void xor_learnsAllFourCases() {
        Xor model = new Xor(1L);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int epochs = TrainXor.train(model, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertTrue(epochs > 0 && epochs <= 1_000, "took " + epochs + " epochs:\n" + printed);
        assertEquals(4, TrainXor.correct(model, new double[1]));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("correct 4/4"));
    }

    @Test
    void xor_sameSeedSameParameters_otherSeedOthers() {
        assertEquals(java.util.Arrays.toString(new Xor(7L).parameters()), java.util.Arrays.toString(new Xor(7L).parameters()));
        assertTrue(!java.util.Arrays.equals(new Xor(7L).parameters(), new Xor(8L).parameters()));
    }

    @Test
    void seed221_generatedByThePlugin_givesTheSpecLoss() {
        assertEquals(0.004288350124572849, new Seed221().loss(new double[] {0.5, 0.3}, new double[] {0.8}), 1e-12);
    }

    @Test
    void neuron_generatedByThePlugin_givesTheTrueActivation() {
        double[] output = new double[1];
        new Neuron().forward(new double[] {2, -1, 3}, output);
        assertEquals(0.995929862284104, output[0], 1e-12);
    }
}
