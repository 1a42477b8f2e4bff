package dev.dslc.runtime;

/**
 * The scalar functions that generated code calls and {@link Math} lacks, in
 * their numerically stable forms. Static and tiny, so the JIT inlines them.
 */
public final class Activations {

    private Activations() {
    }

    /**
     * 1 / (1 + e^-x). Accurate to a few ulps for every x without a branch:
     * for x below about -709, e^-x overflows to infinity and the result is
     * 0, where the true value is under 1e-308 anyway. (A branch on the sign
     * costs a misprediction per call on mixed-sign inputs.)
     *
     * @param x any number
     * @return the logistic sigmoid of {@code x}, in [0, 1]
     */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * log(1 + e^x) = max(x, 0) + log1p(e^-|x|), exact for large |x|.
     *
     * @param x any number
     * @return the softplus of {@code x}, at least 0
     */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    // Cephes' tanh (S. L. Moshier): a rational function of x^2 below 0.625, where
    // 1 - 2 / (e^2x + 1) would cancel, and that formula above it.
    private static final double P0 = -9.64399179425052238628E-1;
    private static final double P1 = -9.92877231001918586564E1;
    private static final double P2 = -1.61468768441708447952E3;
    private static final double Q0 = 1.12811678491632931402E2;
    private static final double Q1 = 2.23548839060100448583E3;
    private static final double Q2 = 4.84406305325125486048E3;

    /**
     * The hyperbolic tangent, within 2 ulps of {@link Math#tanh}, which on
     * JDK 17 is a native call several times slower than {@link Math#exp}.
     *
     * @param x any number
     * @return tanh({@code x}), in [-1, 1]
     */
    public static double tanh(double x) {
        double z = Math.abs(x);
        if (z > 0.625) {
            double t = 1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0);
            return x < 0 ? -t : t;
        }
        if (x == 0.0) {
            return x; // keeps the sign of -0.0
        }
        double s = x * x;
        return x + x * s * ((P0 * s + P1) * s + P2) / (((s + Q0) * s + Q1) * s + Q2);
    }
}
