package dev.dslc.compiler.cli;

/** How a run of {@code dslc} ended, from best to worst; the process exits with {@link #code()}. */
enum ExitStatus {
    /** Every input compiled; warnings are allowed. */
    SUCCESS(0),
    /** Some input has errors. */
    COMPILE_ERRORS(1),
    /** A usage or I/O problem: an unknown option, a missing file, an unwritable folder. */
    USAGE_OR_IO(2),
    /** A bug in dslc. */
    INTERNAL_ERROR(3);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The worse of the two, so that a run reports its worst file. */
    ExitStatus worst(ExitStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
