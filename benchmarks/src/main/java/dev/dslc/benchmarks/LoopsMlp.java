package dev.dslc.benchmarks;

/**
 * The hand-written baseline: an MLP the way a Java developer writes one for a
 * known architecture. {@code double[][]} weights, buffers allocated once,
 * and per example a forward pass, a backward pass and the SGD update fused
 * into it (each weight is read for {@code dx} and updated in the same loop),
 * allocating nothing.
 *
 * <pre>{@code
 * LoopsMlp mlp = new LoopsMlp(Shape.S2_4_1, model.parameters());
 * double loss = mlp.step(x, y, 0.01);
 * }</pre>
 *
 * <p>{@link TunedLoopsMlp} changes only the dot products of the forward pass.
 */
class LoopsMlp {
    final int layers;
    final int[] sizes;
    /** w[l][i][j]: layer l's weight from unit j to unit i. */
    final double[][][] w;
    final double[][] b;
    /** a[0] is the example's input; a[l + 1] the output of layer l (its logits for the last layer). */
    final double[][] a;
    /** dL/dz of each layer. */
    final double[][] delta;
    private final Activation hidden;
    private final OutputLoss output;

    /** Takes its initial weights from a flat array laid out like a generated model's (W1, b1, W2, b2, ...). */
    LoopsMlp(Shape shape, double[] parameters) {
        sizes = shape.sizes();
        layers = sizes.length - 1;
        hidden = shape.hidden;
        output = shape.output;
        w = new double[layers][][];
        b = new double[layers][];
        a = new double[layers + 1][];
        delta = new double[layers][];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = new double[sizes[l + 1]][sizes[l]];
            for (int i = 0; i < sizes[l + 1]; i++) {
                System.arraycopy(parameters, offset, w[l][i], 0, sizes[l]);
                offset += sizes[l];
            }
            b[l] = new double[sizes[l + 1]];
            System.arraycopy(parameters, offset, b[l], 0, sizes[l + 1]);
            offset += sizes[l + 1];
            a[l + 1] = new double[sizes[l + 1]];
            delta[l] = new double[sizes[l + 1]];
        }
    }

    /** The weights and biases, laid out as a generated model's parameters (W1, b1, W2, b2, ...). */
    final double[] flatParameters() {
        double[] flat = new double[(int) java.util.Arrays.stream(b).mapToLong(bias -> bias.length).sum()
                + (int) java.util.Arrays.stream(w).mapToLong(layer -> (long) layer.length * layer[0].length).sum()];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            for (double[] row : w[l]) {
                System.arraycopy(row, 0, flat, offset, row.length);
                offset += row.length;
            }
            System.arraycopy(b[l], 0, flat, offset, b[l].length);
            offset += b[l].length;
        }
        return flat;
    }

    /** One SGD step on one example; returns the loss before the update. */
    final double step(double[] x, double[] y, double learningRate) {
        a[0] = x;
        for (int l = 0; l < layers; l++) {
            forwardLayer(l);
            if (l + 1 < layers) {
                double[] out = a[l + 1];
                for (int i = 0; i < out.length; i++) {
                    out[i] = hidden.apply(out[i]);
                }
            }
        }
        double loss = output.outputError(a[layers], y, delta[layers - 1], sizes[layers]);
        for (int l = layers - 1; l >= 0; l--) {
            backwardLayer(l, learningRate);
            if (l > 0) {
                double[] d = delta[l - 1];
                double[] out = a[l];
                for (int j = 0; j < d.length; j++) {
                    d[j] *= hidden.derivativeFromOutput(out[j]);
                }
            }
        }
        return loss;
    }

    /** z = W a + b, one dot product per unit. */
    void forwardLayer(int l) {
        double[][] weights = w[l];
        double[] bias = b[l];
        double[] in = a[l];
        double[] out = a[l + 1];
        for (int i = 0; i < out.length; i++) {
            double[] row = weights[i];
            double sum = bias[i];
            for (int j = 0; j < in.length; j++) {
                sum += row[j] * in[j];
            }
            out[i] = sum;
        }
    }

    /** dx = W^T dz with the weights before the update, then W -= lr dz x^T and b -= lr dz. */
    void backwardLayer(int l, double learningRate) {
        double[][] weights = w[l];
        double[] bias = b[l];
        double[] in = a[l];
        double[] d = delta[l];
        if (l == 0) {
            for (int i = 0; i < d.length; i++) {
                double[] row = weights[i];
                double step = learningRate * d[i];
                for (int j = 0; j < in.length; j++) {
                    row[j] -= step * in[j];
                }
                bias[i] -= step;
            }
            return;
        }
        double[] dx = delta[l - 1];
        java.util.Arrays.fill(dx, 0.0);
        for (int i = 0; i < d.length; i++) {
            double[] row = weights[i];
            double di = d[i];
            double step = learningRate * di;
            for (int j = 0; j < in.length; j++) {
                double wij = row[j];
                dx[j] += wij * di;
                row[j] = wij - step * in[j];
            }
            bias[i] -= step;
        }
    }
}
