package dev.dslc.runtime;

/** The argument checks at the top of generated methods. */
public final class Lengths {

    private Lengths() {
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the expected length when
     * {@code array} is null or shorter than {@code required}; longer arrays are
     * accepted and their extra elements ignored.
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
}
