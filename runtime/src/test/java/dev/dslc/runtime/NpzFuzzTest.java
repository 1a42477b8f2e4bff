package dev.dslc.runtime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The .npz reader on arbitrary bytes (see {@link WeightFuzzing} for
 * what is checked). Every build runs it on its seeds, the small fixtures the
 * pom copies into {@code NpzFuzzTestInputs/read/fixtures} and the
 * inputs kept in {@code src/test/resources/dev/dslc/runtime/NpzFuzzTestInputs/read},
 * where Jazzer also writes any crashing input it finds; CI fuzzes it for a
 * bounded time (docs/robustness.md).
 */
class NpzFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void read(byte[] input) throws IOException {
        WeightFuzzing.check(input, WeightFile.Format.NPZ);
    }
}
