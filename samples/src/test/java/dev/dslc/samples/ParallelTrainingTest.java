package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Adam;
import dev.dslc.runtime.BlockBackward;
import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Trainer;
import dev.dslc.runtime.TrainingReport;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated digits class, trained on 1, 2 and 8 threads: the same bits, through its backwardBatch. */
class ParallelTrainingTest {

    @Test
    void digits_threadCountChangesNoBit() throws IOException {
        Dataset data = CsvFile.read(Path.of("data/optdigits-test.csv"), Digits.INPUT_SIZE, Digits.TARGET_SIZE);
        assertTrue(new BlockBackward(new Digits()).batched(), "the generated backwardBatch is found and used");
        Digits single = new Digits(3L);
        TrainingReport singleReport = train(single, 1, data);
        assertTrue(singleReport.lastEpoch().heldOutAccuracy() > 0.9, singleReport.lastEpoch().toString());
        for (int threads : new int[] {2, 8}) {
            Digits parallel = new Digits(3L);
            TrainingReport report = train(parallel, threads, data);
            assertArrayEquals(single.parameters(), parallel.parameters(), threads + " threads");
            assertEquals(singleReport, report, threads + " threads");
        }
    }

    private static TrainingReport train(Digits model, int threads, Dataset data) {
        // 100 is three blocks of 32 and one of 4: the generated kernels' full and partial blocks
        return Trainer.builder(new Adam(0.01)).epochs(5).batchSize(100).heldOutFraction(0.2).seed(3L)
                .threads(threads).build().train(model, data);
    }
}
