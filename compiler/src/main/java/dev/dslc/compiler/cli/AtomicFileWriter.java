package dev.dslc.compiler.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file whole or not at all: the text goes to a temporary file in the
 * same folder, which is then renamed over the target, so a reader (or javac)
 * never sees half a class, even if dslc is killed mid-write.
 */
final class AtomicFileWriter {

    private AtomicFileWriter() {
    }

    /**
     * Writes {@code content} as UTF-8, creating folders as needed, and leaves
     * a file that already holds exactly that content untouched, so that
     * incremental builds don't see a change.
     *
     * <pre>{@code
     * boolean changed = AtomicFileWriter.write(Path.of("out/com/example/Xor.java"), source);
     * }</pre>
     *
     * @return whether the file was written
     * @throws IOException with a message ready to print, naming the target
     */
    static boolean write(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (holds(target, bytes)) {
                return false;
            }
            Path folder = target.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            replace(target, bytes, folder);
            return true;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static boolean holds(Path target, byte[] bytes) throws IOException {
        return Files.isRegularFile(target)
                && Files.size(target) == bytes.length
                && Arrays.equals(Files.readAllBytes(target), bytes);
    }

    private static void replace(Path target, byte[] bytes, Path folder) throws IOException {
        // Not Files.createTempFile: it makes the file owner-only (0600), and the
        // rename would carry that mode over to the generated source.
        Path temp = folder.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof FileAlreadyExistsException exists) {
            // Files.createDirectories met a file where a folder should be.
            return "not a directory: " + exists.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + ": " + fs.getFile();
        }
        return e.getMessage();
    }
}
