package dev.dslc.runtime;

/**
 * z = W x + b with W of shape [classes, n], p = softmax(z), loss = -sum t log p,
 * so dL/dz = p - t (for targets summing to 1), dL/dW = (p - t) x^T, dL/db = p - t.
 * Allocation-free: the scratch array is made once.
 */
final class SoftmaxRegression extends TestModel {
    private final int n;
    private final int classes;
    private final double[] logits;

    SoftmaxRegression(int n, int classes) {
        super(n, classes, classes, "W", new int[] {classes, n}, "b", new int[] {classes});
        this.n = n;
        this.classes = classes;
        this.logits = new double[classes];
    }

    @Override
    public void forward(double[] input, double[] output) {
        double logSum = logits(input);
        for (int k = 0; k < classes; k++) {
            output[k] = Math.exp(logits[k] - logSum);
        }
    }

    @Override
    public double loss(double[] input, double[] target) {
        double logSum = logits(input);
        double loss = 0.0;
        for (int k = 0; k < classes; k++) {
            loss -= target[k] * (logits[k] - logSum);
        }
        return loss;
    }

    @Override
    public double backward(double[] input, double[] target) {
        double loss = loss(input, target);
        double logSum = logits(input);
        for (int k = 0; k < classes; k++) {
            double dz = Math.exp(logits[k] - logSum) - target[k];
            for (int i = 0; i < n; i++) {
                gradients[k * n + i] += dz * input[i];
            }
            gradients[classes * n + k] += dz;
        }
        return loss;
    }

    /** Fills {@code logits} and returns log-sum-exp of them, computed stably. */
    private double logits(double[] input) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double z = parameters[classes * n + k];
            for (int i = 0; i < n; i++) {
                z += parameters[k * n + i] * input[i];
            }
            logits[k] = z;
            max = Math.max(max, z);
        }
        double sum = 0.0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(logits[k] - max);
        }
        return max + Math.log(sum);
    }
}
