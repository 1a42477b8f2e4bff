/*
 * The 16 x 784 update w += scale * d x^T that dslc writes for 784-16-16-10's W1
 * (two loops of 8 written-out rows), in one method or one loop per method: how
 * long C2 takes to compile each (docs/performance.md, "Cold start"). Run with
 *   javac -d /tmp/rg RowGroupCompile.java
 *   java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=c.xml -cp /tmp/rg RowGroupCompile one-method
 *   python3 compile-tasks.py c.xml RowGroupCompile
 * and the same with two-methods (not the source launcher: its javac would share C2 with the kernels).
 */
public class RowGroupCompile {
    static void oneMethod(double[] w, double[] x, double[] d, double scale) {
        {
            double s0 = scale * d[0];
            double s1 = scale * d[1];
            double s2 = scale * d[2];
            double s3 = scale * d[3];
            double s4 = scale * d[4];
            double s5 = scale * d[5];
            double s6 = scale * d[6];
            double s7 = scale * d[7];
            for (int j = 0; j < 784; j++) {
                double xj = x[j];
                w[j] += s0 * xj;
                w[784 + j] += s1 * xj;
                w[1568 + j] += s2 * xj;
                w[2352 + j] += s3 * xj;
                w[3136 + j] += s4 * xj;
                w[3920 + j] += s5 * xj;
                w[4704 + j] += s6 * xj;
                w[5488 + j] += s7 * xj;
            }
        }
        {
            double s0 = scale * d[8];
            double s1 = scale * d[9];
            double s2 = scale * d[10];
            double s3 = scale * d[11];
            double s4 = scale * d[12];
            double s5 = scale * d[13];
            double s6 = scale * d[14];
            double s7 = scale * d[15];
            for (int j = 0; j < 784; j++) {
                double xj = x[j];
                w[6272 + j] += s0 * xj;
                w[7056 + j] += s1 * xj;
                w[7840 + j] += s2 * xj;
                w[8624 + j] += s3 * xj;
                w[9408 + j] += s4 * xj;
                w[10192 + j] += s5 * xj;
                w[10976 + j] += s6 * xj;
                w[11760 + j] += s7 * xj;
            }
        }
    }

    static void rows0To7(double[] w, double[] x, double[] d, double scale) {
        double s0 = scale * d[0];
        double s1 = scale * d[1];
        double s2 = scale * d[2];
        double s3 = scale * d[3];
        double s4 = scale * d[4];
        double s5 = scale * d[5];
        double s6 = scale * d[6];
        double s7 = scale * d[7];
        for (int j = 0; j < 784; j++) {
            double xj = x[j];
            w[j] += s0 * xj;
            w[784 + j] += s1 * xj;
            w[1568 + j] += s2 * xj;
            w[2352 + j] += s3 * xj;
            w[3136 + j] += s4 * xj;
            w[3920 + j] += s5 * xj;
            w[4704 + j] += s6 * xj;
            w[5488 + j] += s7 * xj;
        }
    }

    static void rows8To15(double[] w, double[] x, double[] d, double scale) {
        double s0 = scale * d[8];
        double s1 = scale * d[9];
        double s2 = scale * d[10];
        double s3 = scale * d[11];
        double s4 = scale * d[12];
        double s5 = scale * d[13];
        double s6 = scale * d[14];
        double s7 = scale * d[15];
        for (int j = 0; j < 784; j++) {
            double xj = x[j];
            w[6272 + j] += s0 * xj;
            w[7056 + j] += s1 * xj;
            w[7840 + j] += s2 * xj;
            w[8624 + j] += s3 * xj;
            w[9408 + j] += s4 * xj;
            w[10192 + j] += s5 * xj;
            w[10976 + j] += s6 * xj;
            w[11760 + j] += s7 * xj;
        }
    }

    public static void main(String[] args) {
        boolean oneMethod = args[0].equals("one-method");
        double[] w = new double[16 * 784];
        double[] x = new double[784];
        double[] d = new double[16];
        for (int j = 0; j < 784; j++) {
            x[j] = Math.sin(j);
        }
        for (int i = 0; i < 16; i++) {
            d[i] = 1e-9 * i;
        }
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long roundStart = System.nanoTime();
            for (int call = 0; call < 10_000; call++) {
                if (oneMethod) {
                    oneMethod(w, x, d, -0.01);
                } else {
                    rows0To7(w, x, d, -0.01);
                    rows8To15(w, x, d, -0.01);
                }
            }
            best = Math.min(best, System.nanoTime() - roundStart);
            if (round == 0) {
                System.out.printf("%s: first 10,000 calls %d ms", args[0], (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.printf("; then %d ns a call at best%n", best / 10_000);
    }
}
