package dev.dslc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Saves and loads a model's {@link Model#parameters()}. The file records the
 * model's layout (each parameter's name, shape and offset, and the parameter
 * count), a format version and a CRC32 checksum, so that loading refuses a
 * file made for another layout, or one that is truncated or corrupt, with a
 * {@link ParameterFileException} that says why; the model is untouched then.
 *
 * <p>Saving writes a temporary file next to the target and moves it into
 * place atomically where the file system can, so a crash mid-save leaves the
 * old file or the new one, never a mixture. Errors, in saving as in loading,
 * name the path given, never the temporary file.
 *
 * <pre>{@code
 * ParameterFile.save(model, Path.of("xor.params"));
 * Xor restored = new Xor();
 * ParameterFile.load(restored, Path.of("xor.params"));
 * }</pre>
 */
public final class ParameterFile {

    /** How a finished temporary file replaces the target; replaced in tests to simulate file systems. */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target, CopyOption... options) throws IOException;
    }

    private ParameterFile() {
    }

    /**
     * Writes the model's parameters and layout to {@code path}, replacing any existing file atomically; a
     * {@code .safetensors} or {@code .npz} path is written by {@link WeightFile#save} instead.
     *
     * @param model the model to save
     * @param path  the file to write; a symbolic link there is replaced, not written through
     * @throws IOException if the file cannot be written; an existing file is then unchanged
     */
    public static void save(Model model, Path path) throws IOException {
        if (WeightFile.isExchangeFormat(path)) {
            WeightFile.save(model, path);
            return;
        }
        save(model, path, Files::move);
    }

    /**
     * Replaces the model's parameters with those in {@code path}; a {@code .safetensors} or {@code .npz} path
     * is read by {@link WeightFile#load} instead.
     *
     * @param model the model to load into
     * @param path  a file written by {@link #save}
     * @throws ParameterFileException if the file is not a parameter file, is truncated or corrupt, or was saved
     *                                for a different layout; the model is then unchanged
     * @throws IOException            if the file cannot be read
     */
    public static void load(Model model, Path path) throws IOException {
        if (WeightFile.isExchangeFormat(path)) {
            WeightFile.load(model, path);
            return;
        }
        ParameterFileFormat.Contents contents = decode(read(path), path);
        String difference = LayoutDifference.between(contents.layout(), contents.parameterCount(),
                model.parameterLayout(), model.parameterCount()).orElse(null);
        if (difference != null) {
            throw new ParameterFileException(path + ": saved for a different model layout: " + difference);
        }
        System.arraycopy(contents.values(), 0, model.parameters(), 0, contents.parameterCount());
    }

    static void save(Model model, Path path, Mover mover) throws IOException {
        write(path, ParameterFileFormat.encode(model.parameterLayout(), model.parameters()), mover);
    }

    /**
     * Writes {@code bytes} to {@code path} atomically, its errors naming {@code path} and never the temporary
     * file; {@link WeightFile} writes its formats with it too.
     */
    static void write(Path path, byte[] bytes, Mover mover) throws IOException {
        try {
            replace(path, bytes, mover);
        } catch (IOException e) {
            throw FileErrors.naming(path, e, "no such directory");
        }
    }

    private static void replace(Path path, byte[] bytes, Mover mover) throws IOException {
        Path target = path.toAbsolutePath();
        Path temporary = createTemporary(target);
        try {
            writeDurably(temporary, bytes);
            moveIntoPlace(temporary, target, mover);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new empty file beside the target. Not Files.createTempFile: it makes the file owner-only (0600), and
     * the rename would carry that mode over to the saved file, which others sharing a model could not read.
     * A name that is taken is never touched: another is tried.
     */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path temporary = target.resolveSibling(target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(temporary);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 16) {
                    throw taken;
                }
            }
        }
    }

    private static byte[] read(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw FileErrors.naming(path, e, "no such file");
        }
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            // flushed before the rename, or a crash could leave the new name pointing at empty blocks
            channel.force(true);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target, Mover mover) throws IOException {
        try {
            mover.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            mover.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ParameterFileFormat.Contents decode(byte[] bytes, Path path) throws ParameterFileException {
        try {
            return ParameterFileFormat.decode(bytes);
        } catch (ParameterFileException e) {
            throw new ParameterFileException(path + ": " + e.getMessage());
        }
    }
}
