package dev.dslc.runtime;

/**
 * The scalar functions that generated code calls and {@link Math} lacks, in
 * their numerically stable forms. Static and tiny, so the JIT inlines them.
 */
public final class Activations {

    private Activations() {
    }

    /** 1 / (1 + e^-x), without overflow for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^-|x|), exact for large |x|. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
