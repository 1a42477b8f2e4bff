package dev.dslc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/** Writing and removing generated files without ever leaving half of one behind. */
final class GeneratedFiles {

    private GeneratedFiles() {
    }

    /**
     * Writes {@code content} to {@code file} unless the file already holds
     * exactly that, so that an unchanged class keeps its timestamp and javac's
     * own incremental build leaves it alone. Writes a temporary file beside it
     * and moves it into place, so readers see the old file or the new one.
     *
     * @return true if the file was written
     */
    static boolean writeIfChanged(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            Files.write(temporary, bytes);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes {@code file}, then each folder above it that became empty, up
     * to but not including {@code root}, so a removed package leaves no
     * empty folders behind.
     *
     * @return true if the file existed
     */
    static boolean delete(Path file, Path root) throws IOException {
        boolean existed = Files.deleteIfExists(file);
        Path stop = root.toAbsolutePath().normalize();
        Path folder = file.toAbsolutePath().normalize().getParent();
        while (folder != null && folder.startsWith(stop) && !folder.equals(stop) && isEmptyFolder(folder)) {
            Files.delete(folder);
            folder = folder.getParent();
        }
        return existed;
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
