package dev.dslc.runtime;

/**
 * The initialisers that generated constructors call. Random ones draw from
 * SplitMix64 seeded from the model seed and the parameter's name, so a given
 * seed gives the same parameters on every JVM, and adding a parameter does not
 * change the others' values.
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * Sets {@code size} elements from {@code offset} to {@code value}.
     *
     * @param array  a model's parameter array
     * @param offset the parameter's first element
     * @param size   the parameter's number of elements
     * @param value  the value of every element
     */
    public static void constant(double[] array, int offset, int size, double value) {
        java.util.Arrays.fill(array, offset, offset + size, value);
    }

    /**
     * Decodes a literal written by the compiler (numbers separated by single
     * spaces, each as {@link Double#toString} prints it) into the array.
     *
     * @param array   a model's parameter array
     * @param offset  the parameter's first element
     * @param encoded the parameter's elements, row-major
     */
    public static void literal(double[] array, int offset, String encoded) {
        int index = offset;
        int start = 0;
        while (start < encoded.length()) {
            int end = encoded.indexOf(' ', start);
            if (end < 0) {
                end = encoded.length();
            }
            array[index++] = Double.parseDouble(encoded.substring(start, end));
            start = end + 1;
        }
    }

    /**
     * U(lo, hi) for each element.
     *
     * @param array  a model's parameter array
     * @param offset the parameter's first element
     * @param size   the parameter's number of elements
     * @param lo     the lower bound, included
     * @param hi     the upper bound, excluded
     * @param seed   the model's seed
     * @param name   the parameter's name, which picks its own random stream
     */
    public static void uniform(double[] array, int offset, int size, double lo, double hi, long seed, String name) {
        SplitMix64 random = new SplitMix64(streamSeed(seed, name));
        for (int i = 0; i < size; i++) {
            array[offset + i] = lo + (hi - lo) * random.nextDouble();
        }
    }

    /**
     * N(mean, std) for each element (Box-Muller, both values used).
     *
     * @param array  a model's parameter array
     * @param offset the parameter's first element
     * @param size   the parameter's number of elements
     * @param mean   the distribution's mean
     * @param std    its standard deviation
     * @param seed   the model's seed
     * @param name   the parameter's name, which picks its own random stream
     */
    public static void normal(double[] array, int offset, int size, double mean, double std, long seed, String name) {
        SplitMix64 random = new SplitMix64(streamSeed(seed, name));
        for (int i = 0; i < size; i += 2) {
            double u1 = 1.0 - random.nextDouble(); // (0, 1]: log(u1) is finite
            double u2 = random.nextDouble();
            double radius = Math.sqrt(-2.0 * Math.log(u1));
            array[offset + i] = mean + std * radius * Math.cos(2.0 * Math.PI * u2);
            if (i + 1 < size) {
                array[offset + i + 1] = mean + std * radius * Math.sin(2.0 * Math.PI * u2);
            }
        }
    }

    /**
     * Glorot uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)).
     *
     * @param array  a model's parameter array
     * @param offset the parameter's first element
     * @param size   the parameter's number of elements
     * @param fanIn  the number of inputs of the layer
     * @param fanOut the number of outputs of the layer
     * @param seed   the model's seed
     * @param name   the parameter's name, which picks its own random stream
     */
    public static void xavier(double[] array, int offset, int size, int fanIn, int fanOut, long seed, String name) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        uniform(array, offset, size, -limit, limit, seed, name);
    }

    /**
     * He normal: N(0, sqrt(2 / fanIn)).
     *
     * @param array  a model's parameter array
     * @param offset the parameter's first element
     * @param size   the parameter's number of elements
     * @param fanIn  the number of inputs of the layer
     * @param seed   the model's seed
     * @param name   the parameter's name, which picks its own random stream
     */
    public static void he(double[] array, int offset, int size, int fanIn, long seed, String name) {
        normal(array, offset, size, 0.0, Math.sqrt(2.0 / fanIn), seed, name);
    }

    private static long streamSeed(long seed, String name) {
        return SplitMix64.mix(seed ^ SplitMix64.mix(name.hashCode()));
    }

    /** Steele, Lea and Flood's SplitMix64: tiny, fast, fully specified. */
    private static final class SplitMix64 {
        private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        long nextLong() {
            state += GOLDEN_GAMMA;
            return mix(state);
        }

        /** Uniform in [0, 1) with 53 random bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
