package dev.dslc.benchmarks;

/**
 * The output layer and loss of a benchmark network, in the fused forms a
 * strong engineer writes by hand: the output error {@code dL/dz} comes
 * straight from the predictions, with no chain through {@code log}.
 */
enum OutputLoss {
    /** sigmoid output, {@code 0.5 * sum((p - y)^2)}. */
    HALF_SQUARED_ERROR,
    /** sigmoid output, binary cross-entropy averaged over the outputs. */
    BINARY_CROSS_ENTROPY,
    /** softmax output, cross-entropy from the logits. */
    SOFTMAX_CROSS_ENTROPY;

    /** Reads the logits {@code z}, writes {@code dL/dz} into {@code delta} and returns the loss. */
    double outputError(double[] z, double[] y, double[] delta, int n) {
        switch (this) {
            case HALF_SQUARED_ERROR: {
                double loss = 0.0;
                for (int i = 0; i < n; i++) {
                    double p = 1.0 / (1.0 + Math.exp(-z[i]));
                    double e = p - y[i];
                    loss += e * e;
                    delta[i] = e * p * (1.0 - p);
                }
                return 0.5 * loss;
            }
            case BINARY_CROSS_ENTROPY: {
                double loss = 0.0;
                for (int i = 0; i < n; i++) {
                    double p = 1.0 / (1.0 + Math.exp(-z[i]));
                    loss -= y[i] * Math.log(p) + (1.0 - y[i]) * Math.log(1.0 - p);
                    delta[i] = (p - y[i]) / n;
                }
                return loss / n;
            }
            default: {
                double max = z[0];
                for (int i = 1; i < n; i++) {
                    max = Math.max(max, z[i]);
                }
                double sum = 0.0;
                for (int i = 0; i < n; i++) {
                    delta[i] = Math.exp(z[i] - max);
                    sum += delta[i];
                }
                double logSum = max + Math.log(sum);
                double loss = 0.0;
                double targetSum = 0.0;
                for (int i = 0; i < n; i++) {
                    loss += y[i] * (logSum - z[i]);
                    targetSum += y[i];
                }
                for (int i = 0; i < n; i++) {
                    delta[i] = delta[i] / sum * targetSum - y[i];
                }
                return loss;
            }
        }
    }
}
