package dev.dslc.compiler.cli;

/**
 * Ends a subcommand whose problem has already been reported on the terminal,
 * carrying the status to exit with. Not an error in dslc, so no stack trace.
 */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ExitStatus status;

    CommandFailure(ExitStatus status) {
        super(status.name(), null, false, false);
        this.status = status;
    }

    ExitStatus status() {
        return status;
    }
}
