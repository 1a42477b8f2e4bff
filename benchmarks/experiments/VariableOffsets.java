/*
 * Which forms of the 16 x 784 gradient update w += s x^T C2 vectorises on JDK 17
 * (docs/performance.md, "Warm-up calls for row groups"): eight rows with constant
 * offsets in one loop (what dslc writes), the same over a range of columns passed
 * in (one range, 2, 3, 4 or 7 of them), one row a call with its offset an argument
 * (plain, masked, from a row number, through a copy). Run with
 *   javac -d /tmp/vo VariableOffsets.java
 *   java -cp /tmp/vo VariableOffsets const        # and range1 range2 range3 range4 range7 row rowMask rowShift rowCopy rowRange
 *   java -XX:-UseSuperWord -cp /tmp/vo VariableOffsets const    # the same loops not vectorised
 * Each prints the nanoseconds of one update of eight rows after five rounds of 100,000:
 * an experiment's quick answer, not a benchmark (one JVM, no forks).
 */
public class VariableOffsets {
    static void constRows(double[] input, double[] dest, double[] s) {
        double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
        for (int j = 0; j < 784; j++) {
            double xj = input[j];
            dest[j] += s0 * xj; dest[j + 784] += s1 * xj; dest[j + 1568] += s2 * xj; dest[j + 2352] += s3 * xj;
            dest[j + 3136] += s4 * xj; dest[j + 3920] += s5 * xj; dest[j + 4704] += s6 * xj; dest[j + 5488] += s7 * xj;
        }
    }
    static void rangeRows(double[] input, double[] dest, double[] s, int from, int to) {
        double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
        for (int j = from; j < to; j++) {
            double xj = input[j];
            dest[j] += s0 * xj; dest[j + 784] += s1 * xj; dest[j + 1568] += s2 * xj; dest[j + 2352] += s3 * xj;
            dest[j + 3136] += s4 * xj; dest[j + 3920] += s5 * xj; dest[j + 4704] += s6 * xj; dest[j + 5488] += s7 * xj;
        }
    }
    static void oneRow(double[] input, double[] dest, double s, int offset) {
        for (int j = 0; j < 784; j++) {
            dest[offset + j] += s * input[j];
        }
    }
    static void oneRowRange(double[] input, double[] dest, double s, int offset) {
        for (int j = offset; j < offset + 784; j++) {
            dest[j] += s * input[j - offset];
        }
    }
    static void rowMask(double[] input, double[] dest, double s, int offset) {
        int o = offset & 0x3FF8;
        for (int j = 0; j < 784; j++) {
            dest[o + j] += s * input[j];
        }
    }
    static void rowShift(double[] input, double[] dest, double s, int row) {
        int o = (row & 15) * 784;
        for (int j = 0; j < 784; j++) {
            dest[o + j] += s * input[j];
        }
    }
    static void rowCopy(double[] input, double[] dest, double s, int offset, double[] buf) {
        System.arraycopy(dest, offset, buf, 0, 784);
        for (int j = 0; j < 784; j++) {
            buf[j] += s * input[j];
        }
        System.arraycopy(buf, 0, dest, offset, 784);
    }
    public static void main(String[] a) {
        double[] buf = new double[784]; double[] input = new double[784], dest = new double[12544], s = new double[8];
        for (int i = 0; i < 784; i++) input[i] = i * 1e-3;
        for (int i = 0; i < 8; i++) s[i] = 1e-9 * i;
        String which = a[0];
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            for (int it = 0; it < 100000; it++) {
                switch (which) {
                    case "const" -> constRows(input, dest, s);
                    case "range1" -> rangeRows(input, dest, s, 0, 784);
                    case "range2" -> { for (int f = 0; f < 784; f += 392) rangeRows(input, dest, s, f, f + 392); }
                    case "range4" -> { for (int f = 0; f < 784; f += 196) rangeRows(input, dest, s, f, f + 196); }
                    case "range3" -> { for (int f = 0; f < 784; f += 264) rangeRows(input, dest, s, f, Math.min(f + 264, 784)); }
                    case "range7" -> { for (int f = 0; f < 784; f += 112) rangeRows(input, dest, s, f, f + 112); }
                    case "rowMask" -> { for (int r = 0; r < 8; r++) rowMask(input, dest, s[r], r * 784); }
                    case "rowShift" -> { for (int r = 0; r < 8; r++) rowShift(input, dest, s[r], r); }
                    case "rowCopy" -> { for (int r = 0; r < 8; r++) rowCopy(input, dest, s[r], r * 784, buf); }
                    case "row" -> { for (int r = 0; r < 8; r++) oneRow(input, dest, s[r], r * 784); }
                    case "rowRange" -> { for (int r = 0; r < 8; r++) oneRowRange(input, dest, s[r], r * 784); }
                }
            }
            System.out.printf("%s %.0f ns%n", which, (System.nanoTime() - t) / 1e5);
        }
    }
}
