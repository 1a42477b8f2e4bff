package dev.dslc.compiler.explain;

/**
 * A piece of a computation-log line with the numbers substituted: text, or a
 * value the page formats (a whole tensor, or one element of it). Values are
 * keyed as in {@link Explanation#values()}.
 */
public sealed interface Part {

    /** Literal text: operators, function names, constants. */
    record Text(String text) implements Part {
    }

    /**
     * A tensor's value, or its element {@code index} when that is not negative.
     *
     * @param parenthesize whether a negative scalar needs parentheses here ({@code 0.5 * (-0.2)})
     */
    record Value(String key, int index, boolean parenthesize) implements Part {
    }

    static Part text(String text) {
        return new Text(text);
    }

    /** The value {@code key}, or its element {@code index} when that is not negative. */
    static Part element(String key, int index, boolean parenthesize) {
        return new Value(key, index, parenthesize);
    }
}
