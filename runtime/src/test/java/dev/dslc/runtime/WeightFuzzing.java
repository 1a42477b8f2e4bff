package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the fuzz targets check of a reader, on any bytes: a load ends in
 * success or in a {@link WeightFileException} with problems to show; nothing
 * else escapes; a refused load leaves the parameters as they were; a
 * successful one without allowances loads only finite values.
 */
final class WeightFuzzing {
    private static final double SENTINEL = 12345.678;

    private WeightFuzzing() {
    }

    static void check(byte[] input, WeightFile.Format format) throws IOException {
        check(input, format, WeightOptions.defaults());
        check(input, format, WeightOptions.defaults().allowingExtra().allowingNonFinite());
    }

    private static void check(byte[] input, WeightFile.Format format, WeightOptions options) throws IOException {
        TestModelOfLayout model = TestModelOfLayout.mixed();
        Arrays.fill(model.parameters, SENTINEL);
        double[] before = model.parameters.clone();
        try {
            WeightFile.load(model, Path.of("fuzz"), new ByteArrayChannel(input), format, options);
        } catch (WeightFileException e) {
            assertFalse(e.problems().isEmpty());
            assertTrue(e.problems().stream().noneMatch(String::isBlank), e::getMessage);
            assertArrayEquals(before, model.parameters, "a refused load changed the parameters");
            return;
        }
        if (!options.nonFiniteAllowed()) {
            assertTrue(Arrays.stream(model.parameters).allMatch(Double::isFinite), "a non-finite value loaded");
        }
    }
}
