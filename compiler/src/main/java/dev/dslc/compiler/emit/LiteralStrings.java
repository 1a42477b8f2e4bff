package dev.dslc.compiler.emit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Parameter and constant values travel in the class file as strings decoded
 * once (by {@code Initializers.literal}), never as array literals, which
 * compile to four instructions per element and hit the 64 KB method limit.
 */
final class LiteralStrings {
    /** Keeps each string far below the class file's 65,535-byte constant limit (at most 25 bytes a number). */
    static final int NUMBERS_PER_STRING = 2_000;

    private LiteralStrings() {
    }

    /** Numbers separated by single spaces, each as {@link Double#toString} writes it, which reads back exactly. */
    static String encode(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
