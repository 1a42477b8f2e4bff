package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VanishingGradientsTest {

    @Test
    void sigmoidFirstLayer_getsAFarSmallerShareOfTheGradientThanRelus() throws IOException {
        List<VanishingGradients.Run> runs = VanishingGradients.compare(Path.of("data/optdigits-test.csv"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        VanishingGradients.print(runs, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String table = printed.toString(StandardCharsets.UTF_8);
        VanishingGradients.Run sigmoid = runs.get(0);
        VanishingGradients.Run relu = runs.get(1);

        assertEquals(6, sigmoid.firstEpochWeights().size(), table);
        assertTrue(sigmoid.firstToLast() < 0.01, table);
        assertTrue(relu.firstToLast() > 0.1, table);
        assertTrue(sigmoid.firstToLast() * 100 < relu.firstToLast(), table);
        // and so the sigmoid network has barely begun to learn when the relu one has
        assertTrue(relu.last().trainingAccuracy() > sigmoid.last().trainingAccuracy() + 0.5, table);
        assertTrue(table.lines().anyMatch(line -> line.startsWith("W1 ")), table);
        assertTrue(table.contains("|dW1| / |dW6|"), table);
    }
}
