package dev.dslc.runtime;

/** The argument checks at the top of generated methods. */
public final class Lengths {

    private Lengths() {
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the expected length when
     * {@code array} is null or shorter than {@code required}; longer arrays are
     * accepted and their extra elements ignored.
     *
     * @param array    the caller's array
     * @param required the length the call reads or writes
     * @param what     the argument's name, for the message
     */
    public static void require(double[] array, int required, String what) {
        if (array == null) {
            throw new IllegalArgumentException(what + " is null; expected a double[" + required + "]");
        }
        if (array.length < required) {
            throw new IllegalArgumentException(
                    what + " has length " + array.length + "; expected at least " + required);
        }
    }

    /**
     * Checks the arguments of a batched call: {@code count} examples of
     * {@code size} numbers each, one after another in {@code array}. Throws an
     * {@link IllegalArgumentException} for a negative count, or naming the
     * expected length when {@code array} is null or too short.
     *
     * @param array the caller's array
     * @param count the number of examples
     * @param size  the numbers per example
     * @param what  the argument's name, for the message
     */
    public static void requireExamples(double[] array, int count, int size, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("count is " + count + "; expected 0 or more");
        }
        long required = (long) count * size;
        if (array == null) {
            throw new IllegalArgumentException(what + " is null; expected a double[" + required + "]");
        }
        if (array.length < required) {
            throw new IllegalArgumentException(what + " has length " + array.length + "; expected at least " + required
                    + " (" + count + " examples of " + size + ")");
        }
    }

    /** {@link #require} for each row, naming the first one that fails as {@code what + " " + index}. */
    static void requireRows(double[][] rows, int required, String what) {
        for (int i = 0; i < rows.length; i++) {
            // the message names the row, so build it only for a row that fails
            if (rows[i] == null || rows[i].length < required) {
                require(rows[i], required, what + " " + i);
            }
        }
    }
}
