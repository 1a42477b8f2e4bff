package dev.dslc.compiler.cli;

/**
 * Reports a throwable that dslc did not expect: one line that says it is a
 * bug in dslc, and the stack trace only when asked for with {@code --verbose}.
 * The line stays one line even when the exception's message has several.
 */
final class BugReport {

    private BugReport() {
    }

    /**
     * Prints the report on standard error.
     *
     * <pre>{@code
     * BugReport.print(terminal, "while compiling xor.nn", e, false);
     * // dslc: internal error while compiling xor.nn (a bug in dslc): java.lang.StackOverflowError; ...
     * }</pre>
     */
    static ExitStatus print(Terminal terminal, String context, Throwable thrown, boolean verbose) {
        terminal.err().println("dslc: internal error " + context + " (a bug in dslc): "
                + String.valueOf(thrown).replaceAll("\\R", " ")
                + (verbose ? "" : "; rerun with --verbose for the stack trace"));
        if (verbose) {
            thrown.printStackTrace(terminal.err());
        }
        return ExitStatus.INTERNAL_ERROR;
    }
}
