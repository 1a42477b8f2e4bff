package dev.dslc.spark;

import static dev.dslc.spark.SparkErrorsTest.print;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.ParameterFile;
import dev.dslc.spark.models.Digits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit job, run in-process on local[2] with the options of docs/spark.md. */
class TrainJobTest {
    @TempDir
    Path dir;

    @Test
    void trains_savesAfterEachEpoch_andResumesWhereItStopped() throws IOException {
        Path params = dir.resolve("digits.params");
        List<String> args = new ArrayList<>(List.of("--model", Digits.class.getName(), "--data",
                SparkTrainerTest.DIGITS, "--holdout", "0.2", "--batch", "128", "--lr", "0.01", "--seed", "1",
                "-o", params.toString(), "--epochs", "2"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, TrainJob.run(args, SparkSession.get(), print(out), print(err)), err.toString());
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.matches("final: train_loss=\\S+ holdout_loss=\\S+ holdout_accuracy=0\\.\\d+\n"), summary);
        assertEquals("2", Files.readString(EpochCheckpoint.epochFile(params)).strip());
        Digits saved = new Digits();
        ParameterFile.load(saved, params);

        args.set(args.size() - 1, "3");
        args.add("--resume");
        err.reset();
        assertEquals(0, TrainJob.run(args, SparkSession.get(), print(out), print(err)), err.toString());
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("resuming from " + params + " after epoch 2"), progress);
        assertTrue(progress.contains("epoch 3/3: "), progress);
        assertFalse(progress.contains("epoch 1/3") || progress.contains("epoch 2/3"), progress);
        assertEquals("3", Files.readString(EpochCheckpoint.epochFile(params)).strip());
        Digits resumed = new Digits();
        ParameterFile.load(resumed, params);
        assertFalse(java.util.Arrays.equals(saved.parameters(), resumed.parameters()), "epoch 3 trained");
    }
}
