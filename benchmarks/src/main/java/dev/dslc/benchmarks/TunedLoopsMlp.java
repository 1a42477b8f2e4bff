package dev.dslc.benchmarks;

/**
 * The baseline with its forward dot products interleaved: four units'
 * sums are accumulated side by side, so four independent addition chains
 * keep the floating-point units busy where one chain waits on each add's
 * latency (C2 keeps floating-point reductions in order and will not do this
 * itself). Its backward pass is already element-wise over {@code j}, which
 * C2 vectorises; it takes two rows at a time so that {@code dx} is loaded
 * and stored half as often.
 */
final class TunedLoopsMlp extends LoopsMlp {

    TunedLoopsMlp(Shape shape, double[] parameters) {
        super(shape, parameters);
    }

    @Override
    void forwardLayer(int l) {
        double[][] weights = w[l];
        double[] bias = b[l];
        double[] in = a[l];
        double[] out = a[l + 1];
        int n = in.length;
        int i = 0;
        for (; i + 3 < out.length; i += 4) {
            double[] r0 = weights[i];
            double[] r1 = weights[i + 1];
            double[] r2 = weights[i + 2];
            double[] r3 = weights[i + 3];
            double s0 = bias[i];
            double s1 = bias[i + 1];
            double s2 = bias[i + 2];
            double s3 = bias[i + 3];
            for (int j = 0; j < n; j++) {
                double x = in[j];
                s0 += r0[j] * x;
                s1 += r1[j] * x;
                s2 += r2[j] * x;
                s3 += r3[j] * x;
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
        for (; i < out.length; i++) {
            double[] row = weights[i];
            double sum = bias[i];
            for (int j = 0; j < n; j++) {
                sum += row[j] * in[j];
            }
            out[i] = sum;
        }
    }

    @Override
    void backwardLayer(int l, double learningRate) {
        if (l == 0) {
            super.backwardLayer(l, learningRate); // no dx: already one vectorised update per row
            return;
        }
        double[][] weights = w[l];
        double[] bias = b[l];
        double[] in = a[l];
        double[] d = delta[l];
        double[] dx = delta[l - 1];
        int n = in.length;
        java.util.Arrays.fill(dx, 0.0);
        int i = 0;
        for (; i + 1 < d.length; i += 2) {
            double[] r0 = weights[i];
            double[] r1 = weights[i + 1];
            double d0 = d[i];
            double d1 = d[i + 1];
            double step0 = learningRate * d0;
            double step1 = learningRate * d1;
            for (int j = 0; j < n; j++) {
                double w0 = r0[j];
                double w1 = r1[j];
                dx[j] += w0 * d0 + w1 * d1;
                r0[j] = w0 - step0 * in[j];
                r1[j] = w1 - step1 * in[j];
            }
            bias[i] -= step0;
            bias[i + 1] -= step1;
        }
        for (; i < d.length; i++) {
            double[] row = weights[i];
            double di = d[i];
            double step = learningRate * di;
            for (int j = 0; j < n; j++) {
                double wij = row[j];
                dx[j] += wij * di;
                row[j] = wij - step * in[j];
            }
            bias[i] -= step;
        }
    }
}
