package dev.dslc.spark;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The parameters after each epoch, for a run that is stopped to go on later:
 * the parameter file ({@link ParameterFile#save}, atomic) and beside it
 * {@code FILE.epoch}, the number of finished epochs, written after it. A
 * crash between the two leaves the previous epoch's count, so a resumed run
 * repeats one epoch rather than skipping one.
 *
 * @param file where the parameters go; null saves nothing
 */
record EpochCheckpoint(Path file) {

    /** The file holding the number of finished epochs. */
    static Path epochFile(Path parameters) {
        return parameters.resolveSibling(parameters.getFileName() + ".epoch");
    }

    void save(Model model, int epoch) {
        if (file == null) {
            return;
        }
        try {
            ParameterFile.save(model, file);
            Path count = epochFile(file);
            Path temporary = count.resolveSibling(count.getFileName() + ".tmp");
            Files.writeString(temporary, epoch + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, count, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SparkTrainingException(file + ": error: cannot save the parameters of epoch " + epoch + ": "
                    + e.getMessage(), e);
        }
    }

    /** The number of epochs finished when {@code parameters} was saved, 0 when it has no count beside it. */
    static int finishedEpochs(Path parameters) {
        Path count = epochFile(parameters);
        if (!Files.exists(count)) {
            return 0;
        }
        try {
            return Integer.parseInt(Files.readString(count, StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            throw new SparkTrainingException(count + ": error: not a count of finished epochs: " + e.getMessage());
        }
    }
}
