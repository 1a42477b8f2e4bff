package dev.dslc.compiler.cli;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.function.LongSupplier;

/**
 * Writes a file whole or not at all: the text goes to a temporary file in the
 * same folder, which is then renamed over the target, so a reader (or javac)
 * never sees half a class, even if dslc is killed mid-write.
 */
final class AtomicFileWriter {

    /** How many temporary names to try before giving up; only a clash with another writer's file can use a second. */
    private static final int MAX_ATTEMPTS = 16;

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
        return write(target, content, () -> ThreadLocalRandom.current().nextLong());
    }

    /** {@link #write(Path, String)}, with the temporary files' names drawn from {@code names}. */
    static boolean write(Path target, String content, LongSupplier names) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (holds(target, bytes)) {
                return false;
            }
            Path folder = target.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            replace(target, bytes, folder, names);
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

    /** Renames a new file over the target: a link at the target is replaced, never written through. */
    private static void replace(Path target, byte[] bytes, Path folder, LongSupplier names) throws IOException {
        Path temp = createTemporary(target, bytes, folder, names);
        try {
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A new file holding {@code bytes}, beside the target. Not
     * Files.createTempFile: it makes the file owner-only (0600), and the rename
     * would carry that mode over to the generated source.
     */
    private static Path createTemporary(Path target, byte[] bytes, Path folder, LongSupplier names) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path temp = folder.resolve("." + target.getFileName() + "." + Long.toHexString(names.getAsLong()) + ".tmp");
            OutputStream out;
            try {
                out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new IOException("no free name for a temporary file beside it, the last tried: " + temp, taken);
                }
                continue; // someone else's file: another name, and never delete theirs
            }
            try (out) {
                out.write(bytes);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            return temp;
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
