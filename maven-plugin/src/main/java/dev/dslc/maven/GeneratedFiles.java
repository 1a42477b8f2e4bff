package dev.dslc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The plugin's only way to write or remove generated files: every path is
 * relative to the output directory and must stay inside it, lexically and
 * after symbolic links are followed, whatever a state file says. Files are
 * written whole, and removed only while they still hold what the plugin wrote.
 */
final class GeneratedFiles {

    /** What {@link #remove} did with a file. */
    enum Removal {
        REMOVED,
        /** Already gone. */
        ABSENT,
        /** Its content is no longer what the plugin wrote: edited by hand, or someone else's file. */
        KEPT_EDITED,
        /** A symbolic link or a folder where the plugin wrote a file. */
        KEPT_NOT_A_FILE,
        /** The path leaves the output directory, or a symbolic link on the way does. */
        KEPT_OUTSIDE
    }

    private final Path root;

    /** @param outputDirectory the folder this instance may write and delete in, and nowhere else */
    GeneratedFiles(Path outputDirectory) {
        this.root = outputDirectory.toAbsolutePath().normalize();
    }

    /**
     * Writes {@code content} to {@code relative} unless the file already holds
     * exactly that (an unchanged class keeps its timestamp, so javac's own
     * incremental build leaves it alone).
     *
     * @return true if the file was written
     * @throws IOException naming the file, also when the path or a symbolic link on it leads out of the output directory
     */
    boolean write(String relative, String content) throws IOException {
        Path file = inside(relative);
        if (file == null) {
            throw new IOException("refusing to write " + relative + ": it is not inside " + root);
        }
        Files.createDirectories(root);
        // Checked before creating the package folders, which would follow a link out.
        if (!folderStaysInside(file.getParent())) {
            throw new IOException("refusing to write " + file + ": a symbolic link on the way leads out of " + root);
        }
        return writeIfChanged(file, content);
    }

    /**
     * Removes {@code relative} if it is a regular file inside the output
     * directory whose content still hashes to {@code sha256}, then each folder
     * above it that became empty, up to but not including the output directory.
     */
    Removal remove(String relative, String sha256) throws IOException {
        Path file = inside(relative);
        if (file == null) {
            return Removal.KEPT_OUTSIDE;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Removal.ABSENT;
        }
        if (!folderStaysInside(file.getParent())) {
            return Removal.KEPT_OUTSIDE;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Removal.KEPT_NOT_A_FILE;
        }
        if (!Fingerprint.sha256(Files.readAllBytes(file)).equals(sha256)) {
            return Removal.KEPT_EDITED;
        }
        Files.delete(file);
        for (Path folder = file.getParent(); !folder.equals(root) && isEmptyFolder(folder); folder = folder.getParent()) {
            Files.delete(folder);
        }
        return Removal.REMOVED;
    }

    /** The absolute path of {@code relative} below the output directory, or null if it would leave it. */
    Path inside(String relative) {
        Path path;
        try {
            path = root.getFileSystem().getPath(relative);
        } catch (RuntimeException e) {
            return null; // a character the file system refuses: not a path the plugin wrote
        }
        if (path.isAbsolute() || path.getNameCount() == 0) {
            return null;
        }
        Path resolved = root.resolve(path).normalize();
        return resolved.startsWith(root) && !resolved.equals(root) ? resolved : null;
    }

    /** Whether {@code folder}, a path lexically inside the existing root, is still inside once links are followed. */
    private boolean folderStaysInside(Path folder) throws IOException {
        Path existing = folder;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().startsWith(root.toRealPath());
    }

    /** A real folder, not a link to one, with nothing in it. */
    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Writes {@code content} to {@code file} unless it already holds exactly
     * that, through a temporary file beside it that is moved into place, so
     * readers see the old file or the new one. A symbolic link at
     * {@code file} is replaced, not written through.
     *
     * @return true if the file was written
     */
    static boolean writeIfChanged(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), bytes)) {
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
}
