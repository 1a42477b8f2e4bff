package dev.dslc.runtime;

/**
 * p = sigmoid(w . x + b), loss = binary cross-entropy = softplus(z) - t z,
 * so dL/dz = p - t, dL/dw = (p - t) x and dL/db = p - t.
 */
final class LogisticRegression extends TestModel {
    private final int n;

    LogisticRegression(int n) {
        super(n, 1, 1, "weights", new int[] {n}, "bias", new int[0]);
        this.n = n;
    }

    @Override
    public void forward(double[] input, double[] output) {
        output[0] = sigmoid(logit(input));
    }

    @Override
    public double loss(double[] input, double[] target) {
        double z = logit(input);
        return softplus(z) - target[0] * z;
    }

    @Override
    public double backward(double[] input, double[] target) {
        double z = logit(input);
        double dz = sigmoid(z) - target[0];
        for (int i = 0; i < n; i++) {
            gradients[i] += dz * input[i];
        }
        gradients[n] += dz;
        return softplus(z) - target[0] * z;
    }

    private double logit(double[] input) {
        double z = parameters[n];
        for (int i = 0; i < n; i++) {
            z += parameters[i] * input[i];
        }
        return z;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }

    private static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
