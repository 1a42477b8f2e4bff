package dev.dslc.compiler.cli;

/**
 * A usage error found after the arguments were parsed (a value out of range,
 * a required option missing): the subcommand reports it as it reports an
 * unknown option, with a pointer to its help.
 */
final class Misuse extends Exception {
    private static final long serialVersionUID = 1L;

    Misuse(String message) {
        super(message, null, false, false);
    }
}
