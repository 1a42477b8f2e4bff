package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ParameterFile#save} does to what is already at its path: it replaces the name, never writes through it. */
class ParameterFileTargetTest {
    private static final byte[] THEIRS = {'t', 'h', 'e', 'i', 'r', 's'};

    @TempDir
    Path directory;

    private static Model model() {
        TestModel model = new SoftmaxRegression(2, 3);
        for (int i = 0; i < model.parameters.length; i++) {
            model.parameters[i] = 0.5 + i;
        }
        return model;
    }

    @Test
    void saveOverALink_replacesTheLink_andLeavesTheFileItPointedTo() throws IOException {
        Path elsewhere = Files.write(Files.createDirectory(directory.resolve("elsewhere")).resolve("data.bin"), THEIRS);
        Path link = Files.createSymbolicLink(directory.resolve("model.params"), elsewhere);

        ParameterFile.save(model(), link);

        assertArrayEquals(THEIRS, Files.readAllBytes(elsewhere));
        assertFalse(Files.isSymbolicLink(link));
        Model loaded = new SoftmaxRegression(2, 3);
        ParameterFile.load(loaded, link);
        assertArrayEquals(model().parameters(), loaded.parameters());
    }

    @Test
    void saveOntoAFolder_fails_leavingTheFolderAndNoTemporaryFile() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("model.params"));
        Files.write(folder.resolve("keep.bin"), THEIRS);

        assertThrows(IOException.class, () -> ParameterFile.save(model(), folder));

        assertArrayEquals(THEIRS, Files.readAllBytes(folder.resolve("keep.bin")));
        try (Stream<Path> files = Files.walk(directory)) {
            assertEquals(List.of(directory, folder, folder.resolve("keep.bin")), files.sorted().toList());
        }
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void savedFile_hasTheModeANewFileGetsHere_notOwnerOnly() throws IOException {
        Assumptions.assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(directory.resolve("plain.txt"));

        for (String name : new String[] {"model.params", "model.safetensors", "model.npz"}) {
            Path saved = directory.resolve(name);
            ParameterFile.save(model(), saved);
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(saved), name);
        }
    }
}
