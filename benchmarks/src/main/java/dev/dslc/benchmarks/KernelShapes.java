package dev.dslc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evidence behind the emitter's code-shape rules (docs/performance.md):
 * the same dense-layer kernels written the ways the emitter could write
 * them, on a flat parameter array at an offset as generated code reads it.
 * {@code rows x columns} is the weight matrix.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class KernelShapes {
    private static final int OFFSET = 3;

    @Param({"32x64", "128x784"})
    public String matrix;

    int m;
    int n;
    double[] param;
    double[] grad;
    double[] x;
    double[] d;
    double[] z;
    double[] dx;
    double[] rowBuffer;
    double[][] blockIn;
    double[][] byExample;
    double[][] blockOut;
    private static final int BLOCK = 32;
    // The same values in float, for the precision question of docs/performance.md ("Not done").
    float[] floatParam;
    float[] floatX;
    float[] floatZ;
    float[][] floatBlockIn;
    float[][] floatBlockOut;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = matrix.split("x");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        SplittableRandom random = new SplittableRandom(1);
        param = random.doubles(OFFSET + m * n + 16, -1, 1).toArray();
        grad = new double[param.length];
        x = random.doubles(n, -1, 1).toArray();
        d = random.doubles(m, -1, 1).toArray();
        z = new double[m];
        dx = new double[n];
        rowBuffer = new double[n];
        blockIn = new double[n][BLOCK];
        byExample = new double[BLOCK][n];
        blockOut = new double[m][BLOCK];
        for (int l = 0; l < n; l++) {
            for (int ex = 0; ex < BLOCK; ex++) {
                blockIn[l][ex] = random.nextDouble();
                byExample[ex][l] = blockIn[l][ex];
            }
        }
        floatParam = new float[param.length];
        for (int k = 0; k < param.length; k++) {
            floatParam[k] = (float) param[k];
        }
        floatX = new float[n];
        for (int l = 0; l < n; l++) {
            floatX[l] = (float) x[l];
        }
        floatZ = new float[m];
        floatBlockIn = new float[n][BLOCK];
        for (int l = 0; l < n; l++) {
            for (int ex = 0; ex < BLOCK; ex++) {
                floatBlockIn[l][ex] = (float) blockIn[l][ex];
            }
        }
        floatBlockOut = new float[m][BLOCK];
    }

    /** z = W x: one dot product per row, one addition chain (the emitter's old loop). */
    @Benchmark
    public double[] forwardOneChain() {
        for (int i = 0; i < m; i++) {
            double acc = 0.0;
            for (int l = 0; l < n; l++) {
                acc += param[OFFSET + i * n + l] * x[l];
            }
            z[i] = acc;
        }
        return z;
    }

    /** z = W x: four rows side by side, four chains, each x[l] loaded once for four rows. */
    @Benchmark
    public double[] forwardFourRows() {
        for (int i = 0; i < m; i += 4) {
            double acc0 = 0.0;
            double acc1 = 0.0;
            double acc2 = 0.0;
            double acc3 = 0.0;
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l++) {
                double xl = x[l];
                acc0 += param[r + l] * xl;
                acc1 += param[r + n + l] * xl;
                acc2 += param[r + 2 * n + l] * xl;
                acc3 += param[r + 3 * n + l] * xl;
            }
            z[i] = acc0;
            z[i + 1] = acc1;
            z[i + 2] = acc2;
            z[i + 3] = acc3;
        }
        return z;
    }

    /** z = W x: four rows, Math.fma (one rounding, one instruction per multiply-add). */
    @Benchmark
    public double[] forwardFourRowsFma() {
        for (int i = 0; i < m; i += 4) {
            double acc0 = 0.0;
            double acc1 = 0.0;
            double acc2 = 0.0;
            double acc3 = 0.0;
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l++) {
                double xl = x[l];
                acc0 = Math.fma(param[r + l], xl, acc0);
                acc1 = Math.fma(param[r + n + l], xl, acc1);
                acc2 = Math.fma(param[r + 2 * n + l], xl, acc2);
                acc3 = Math.fma(param[r + 3 * n + l], xl, acc3);
            }
            z[i] = acc0;
            z[i + 1] = acc1;
            z[i + 2] = acc2;
            z[i + 3] = acc3;
        }
        return z;
    }

    /** z = W x: four rows by two columns, eight chains. */
    @Benchmark
    public double[] forwardFourRowsTwoColumns() {
        for (int i = 0; i < m; i += 4) {
            double a0 = 0.0;
            double a1 = 0.0;
            double a2 = 0.0;
            double a3 = 0.0;
            double b0 = 0.0;
            double b1 = 0.0;
            double b2 = 0.0;
            double b3 = 0.0;
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l += 2) {
                double x0 = x[l];
                double x1 = x[l + 1];
                a0 += param[r + l] * x0;
                a1 += param[r + n + l] * x0;
                a2 += param[r + 2 * n + l] * x0;
                a3 += param[r + 3 * n + l] * x0;
                b0 += param[r + l + 1] * x1;
                b1 += param[r + n + l + 1] * x1;
                b2 += param[r + 2 * n + l + 1] * x1;
                b3 += param[r + 3 * n + l + 1] * x1;
            }
            z[i] = a0 + b0;
            z[i + 1] = a1 + b1;
            z[i + 2] = a2 + b2;
            z[i + 3] = a3 + b3;
        }
        return z;
    }

    /** z = W x: eight rows, eight chains. */
    @Benchmark
    public double[] forwardEightRows() {
        for (int i = 0; i < m; i += 8) {
            double a0 = 0.0;
            double a1 = 0.0;
            double a2 = 0.0;
            double a3 = 0.0;
            double a4 = 0.0;
            double a5 = 0.0;
            double a6 = 0.0;
            double a7 = 0.0;
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l++) {
                double xl = x[l];
                a0 += param[r + l] * xl;
                a1 += param[r + n + l] * xl;
                a2 += param[r + 2 * n + l] * xl;
                a3 += param[r + 3 * n + l] * xl;
                a4 += param[r + 4 * n + l] * xl;
                a5 += param[r + 5 * n + l] * xl;
                a6 += param[r + 6 * n + l] * xl;
                a7 += param[r + 7 * n + l] * xl;
            }
            z[i] = a0;
            z[i + 1] = a1;
            z[i + 2] = a2;
            z[i + 3] = a3;
            z[i + 4] = a4;
            z[i + 5] = a5;
            z[i + 6] = a6;
            z[i + 7] = a7;
        }
        return z;
    }

    /** z = W x: one row, four chains over interleaved columns. */
    @Benchmark
    public double[] forwardFourColumns() {
        for (int i = 0; i < m; i++) {
            double a0 = 0.0;
            double a1 = 0.0;
            double a2 = 0.0;
            double a3 = 0.0;
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l += 4) {
                a0 += param[r + l] * x[l];
                a1 += param[r + l + 1] * x[l + 1];
                a2 += param[r + l + 2] * x[l + 2];
                a3 += param[r + l + 3] * x[l + 3];
            }
            z[i] = (a0 + a1) + (a2 + a3);
        }
        return z;
    }

    /** dx = W^T d: one strided dot product per column (the emitter's old loop). */
    @Benchmark
    public double[] transposedStrided() {
        for (int j = 0; j < n; j++) {
            double acc = 0.0;
            for (int i = 0; i < m; i++) {
                acc += param[OFFSET + i * n + j] * d[i];
            }
            dx[j] = acc;
        }
        return dx;
    }

    /** dx = W^T d: row by row, dx += d[i] * W[i, :], element-wise over a contiguous row. */
    @Benchmark
    public double[] transposedAxpy() {
        for (int j = 0; j < n; j++) {
            dx[j] = 0.0;
        }
        for (int i = 0; i < m; i++) {
            double di = d[i];
            int r = OFFSET + i * n;
            for (int j = 0; j < n; j++) {
                dx[j] += param[r + j] * di;
            }
        }
        return dx;
    }

    /** dx = W^T d: four rows per pass over dx, so dx is loaded and stored a quarter as often. */
    @Benchmark
    public double[] transposedAxpyFourRows() {
        for (int j = 0; j < n; j++) {
            dx[j] = 0.0;
        }
        for (int i = 0; i < m; i += 4) {
            double d0 = d[i];
            double d1 = d[i + 1];
            double d2 = d[i + 2];
            double d3 = d[i + 3];
            int r = OFFSET + i * n;
            for (int j = 0; j < n; j++) {
                dx[j] += param[r + j] * d0 + param[r + n + j] * d1 + param[r + 2 * n + j] * d2
                        + param[r + 3 * n + j] * d3;
            }
        }
        return dx;
    }

    /** dW += d x^T row by row, the row's offset a loop variable: C2 17 does not vectorise this. */
    @Benchmark
    public double[] outerVariableOffsets() {
        for (int i = 0; i < m; i++) {
            double di = d[i];
            int r = OFFSET + i * n;
            for (int j = 0; j < n; j++) {
                grad[r + j] += di * x[j];
            }
        }
        return grad;
    }

    /** dW += d x^T: each row copied out, added to at x's own indices (vectorised), copied back. */
    @Benchmark
    public double[] outerThroughRowBuffer() {
        for (int i = 0; i < m; i++) {
            double di = d[i];
            int r = OFFSET + i * n;
            System.arraycopy(grad, r, rowBuffer, 0, n);
            for (int j = 0; j < n; j++) {
                rowBuffer[j] += di * x[j];
            }
            System.arraycopy(rowBuffer, 0, grad, r, n);
        }
        return grad;
    }

    /** One gradient row, g[c + j] += d * x[j], c a constant multiple of 8: vectorised. */
    @Benchmark
    public double[] rowAtOffset8() {
        double di = d[0];
        for (int j = 0; j < n; j++) {
            grad[8 + j] += di * x[j];
        }
        return grad;
    }

    /** The same row at offset 4: vectorised with AVX2 (4 doubles), not with AVX-512 (8). */
    @Benchmark
    public double[] rowAtOffset4() {
        double di = d[0];
        for (int j = 0; j < n; j++) {
            grad[4 + j] += di * x[j];
        }
        return grad;
    }

    /** The same row at offset 3: never vectorised. */
    @Benchmark
    public double[] rowAtOffset3() {
        double di = d[0];
        for (int j = 0; j < n; j++) {
            grad[3 + j] += di * x[j];
        }
        return grad;
    }

    /** The runtime's plain SGD update and the zeroing after it, for scale. */
    @Benchmark
    public double[] sgdAndZero() {
        int size = m * n;
        for (int k = 0; k < size; k++) {
            param[OFFSET + k] -= 1e-9 * (grad[OFFSET + k] * 1.0);
        }
        java.util.Arrays.fill(grad, 0.0);
        return param;
    }

    /** Math.tanh, a native call on JDK 17, over n arguments. */
    @Benchmark
    public double mathTanh() {
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            sum += Math.tanh(x[j]);
        }
        return sum;
    }

    /** The runtime's tanh (Cephes' rational function and Math.exp) over the same arguments. */
    @Benchmark
    public double activationsTanh() {
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            sum += dev.dslc.runtime.Activations.tanh(x[j]);
        }
        return sum;
    }

    /**
     * Z = W X for a block of 32 examples held one row per input element:
     * the example loop innermost, four weights per pass, no reduction chain
     * (backwardBatch's kernel).
     */
    @Benchmark
    public double[][] blockExamplesInnermost() {
        for (int i = 0; i < m; i++) {
            double[] out = blockOut[i];
            java.util.Arrays.fill(out, 0.0);
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l += 4) {
                double a0 = param[r + l];
                double a1 = param[r + l + 1];
                double a2 = param[r + l + 2];
                double a3 = param[r + l + 3];
                double[] b0 = blockIn[l];
                double[] b1 = blockIn[l + 1];
                double[] b2 = blockIn[l + 2];
                double[] b3 = blockIn[l + 3];
                for (int ex = 0; ex < BLOCK; ex++) {
                    out[ex] += a0 * b0[ex] + a1 * b1[ex] + a2 * b2[ex] + a3 * b3[ex];
                }
            }
        }
        return blockOut;
    }

    /** The same product as dot products over the inputs, four rows by four examples at once (16 chains). */
    @Benchmark
    public double[][] blockDotProducts() {
        for (int i = 0; i < m; i += 4) {
            int r0 = OFFSET + i * n;
            for (int ex = 0; ex < BLOCK; ex += 4) {
                double[] x0 = byExample[ex];
                double[] x1 = byExample[ex + 1];
                double[] x2 = byExample[ex + 2];
                double[] x3 = byExample[ex + 3];
                double a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
                double a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
                for (int l = 0; l < n; l++) {
                    double w0 = param[r0 + l];
                    double w1 = param[r0 + n + l];
                    double w2 = param[r0 + 2 * n + l];
                    double w3 = param[r0 + 3 * n + l];
                    double y0 = x0[l];
                    double y1 = x1[l];
                    double y2 = x2[l];
                    double y3 = x3[l];
                    a00 += w0 * y0; a01 += w0 * y1; a02 += w0 * y2; a03 += w0 * y3;
                    a10 += w1 * y0; a11 += w1 * y1; a12 += w1 * y2; a13 += w1 * y3;
                    a20 += w2 * y0; a21 += w2 * y1; a22 += w2 * y2; a23 += w2 * y3;
                    a30 += w3 * y0; a31 += w3 * y1; a32 += w3 * y2; a33 += w3 * y3;
                }
                blockOut[i][ex] = a00; blockOut[i][ex + 1] = a01; blockOut[i][ex + 2] = a02; blockOut[i][ex + 3] = a03;
                blockOut[i + 1][ex] = a10; blockOut[i + 1][ex + 1] = a11; blockOut[i + 1][ex + 2] = a12;
                blockOut[i + 1][ex + 3] = a13;
                blockOut[i + 2][ex] = a20; blockOut[i + 2][ex + 1] = a21; blockOut[i + 2][ex + 2] = a22;
                blockOut[i + 2][ex + 3] = a23;
                blockOut[i + 3][ex] = a30; blockOut[i + 3][ex + 1] = a31; blockOut[i + 3][ex + 2] = a32;
                blockOut[i + 3][ex + 3] = a33;
            }
        }
        return blockOut;
    }

    /** {@link #forwardFourRows} in float: half the bytes of weights to read. */
    @Benchmark
    public float[] forwardFourRowsFloat() {
        for (int i = 0; i < m; i += 4) {
            int r = OFFSET + i * n;
            float acc0 = 0;
            float acc1 = 0;
            float acc2 = 0;
            float acc3 = 0;
            for (int l = 0; l < n; l++) {
                float xl = floatX[l];
                acc0 += floatParam[r + l] * xl;
                acc1 += floatParam[r + n + l] * xl;
                acc2 += floatParam[r + 2 * n + l] * xl;
                acc3 += floatParam[r + 3 * n + l] * xl;
            }
            floatZ[i] = acc0;
            floatZ[i + 1] = acc1;
            floatZ[i + 2] = acc2;
            floatZ[i + 3] = acc3;
        }
        return floatZ;
    }

    /** {@link #blockExamplesInnermost} in float: twice the lanes per vector. */
    @Benchmark
    public float[][] blockExamplesInnermostFloat() {
        for (int i = 0; i < m; i++) {
            float[] out = floatBlockOut[i];
            java.util.Arrays.fill(out, 0f);
            int r = OFFSET + i * n;
            for (int l = 0; l < n; l += 4) {
                float a0 = floatParam[r + l];
                float a1 = floatParam[r + l + 1];
                float a2 = floatParam[r + l + 2];
                float a3 = floatParam[r + l + 3];
                float[] b0 = floatBlockIn[l];
                float[] b1 = floatBlockIn[l + 1];
                float[] b2 = floatBlockIn[l + 2];
                float[] b3 = floatBlockIn[l + 3];
                for (int ex = 0; ex < BLOCK; ex++) {
                    out[ex] += a0 * b0[ex] + a1 * b1[ex] + a2 * b2[ex] + a3 * b3[ex];
                }
            }
        }
        return floatBlockOut;
    }
}
