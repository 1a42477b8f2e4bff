package dev.dslc.compiler.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command talks to: standard output for what was asked for (help,
 * version), standard error for everything else, and the folder that relative
 * paths are resolved against.
 */
record Terminal(PrintStream out, PrintStream err, Path workingDir) {

    /** A one-line {@code dslc: error: ...} on standard error. */
    void error(String message) {
        err.println("dslc: error: " + message);
    }

    /** An error in how dslc was called, then where to read how to call it. */
    ExitStatus usageError(String message) {
        error(message);
        err.println("Run 'dslc --help' for usage.");
        return ExitStatus.USAGE_OR_IO;
    }

    /** {@code dslc: error: train: ...}, then where to read how to call the subcommand. */
    ExitStatus usageError(String command, String message) {
        error(command + ": " + message);
        err.println("Run 'dslc " + command + " --help' for usage.");
        return ExitStatus.USAGE_OR_IO;
    }

    /** A path as typed, resolved against the working folder. */
    Path resolve(String path) {
        return workingDir.resolve(path);
    }
}
