package dev.dslc.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Rewrites a failed file operation's exception to name the file the caller
 * asked for: saving works on a temporary file beside it, and reading a
 * directory fails with no file named at all, neither of which tells a user
 * which of their files is at fault.
 */
final class FileErrors {

    private FileErrors() {
    }

    /**
     * {@code e} as an exception of the same kind whose {@link FileSystemException#getFile()} is
     * {@code path} and whose message is {@code path: reason}; {@code missing} is the reason when
     * something does not exist. The original is the cause.
     */
    static IOException naming(Path path, IOException e, String missing) {
        String file = path.toString();
        if (e instanceof ParameterFileException
                || e instanceof FileSystemException fs && file.equals(fs.getFile()) && fs.getOtherFile() == null) {
            return e;
        }
        IOException named;
        if (e instanceof NoSuchFileException) {
            named = new NoSuchFileException(file, null, missing);
        } else if (e instanceof AccessDeniedException) {
            named = new AccessDeniedException(file, null, "permission denied");
        } else {
            named = new FileSystemException(file, null, reason(e));
        }
        named.initCause(e);
        return named;
    }

    /** The operating system's words without the file names, starting lower-case: {@code is a directory}. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (reason == null || reason.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        boolean capitalised = reason.length() > 1 && Character.isUpperCase(reason.charAt(0))
                && Character.isLowerCase(reason.charAt(1));
        return capitalised ? Character.toLowerCase(reason.charAt(0)) + reason.substring(1) : reason;
    }
}
