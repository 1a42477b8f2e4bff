package dev.dslc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.TestModels;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The code-shape rules of docs/performance.md, pinned on the emitted source:
 * which kernels are loops and how they are written, and how much work
 * backward does. Timings are in the benchmarks module; these are the
 * decisions the timings led to.
 */
class CodeShapeDecisionsTest {

    /** A dense network with {@code sizes[0]} inputs, ReLU hidden layers and a softmax cross-entropy output. */
    static String dense(int... sizes) {
        StringBuilder source = new StringBuilder("input x[" + sizes[0] + "]\ntarget y[" + sizes[sizes.length - 1] + "]\n");
        for (int l = 1; l < sizes.length; l++) {
            source.append("param W").append(l).append("[").append(sizes[l]).append(", ").append(sizes[l - 1])
                    .append("] ~ he\nparam b").append(l).append("[").append(sizes[l]).append("]\n");
        }
        String previous = "x";
        for (int l = 1; l < sizes.length; l++) {
            String z = "W" + l + " @ " + previous + " + b" + l;
            if (l + 1 < sizes.length) {
                source.append("h").append(l).append(" = relu(").append(z).append(")\n");
                previous = "h" + l;
            } else {
                source.append("z = ").append(z).append("\n");
            }
        }
        return source.append("output softmax(z)\nloss softmax_cross_entropy(z, y)\n").toString();
    }

    private static String shape(int... sizes) {
        return IntStream.of(sizes).mapToObj(String::valueOf).collect(Collectors.joining("-"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"64-32-10", "784-16-16-10", "784-128-10", "100-100-100-100-10", "2-4-1", "4-16-3"})
    void backwardPass_doesAtMost2Point2TimesTheFlopsOfTheForwardPass(String shape) {
        int[] sizes = java.util.Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray();
        EmittedFlops flops = EmittedFlops.of(TestModels.generate("model.nn", dense(sizes)).source());

        // backward() computes the loss first, as loss() does; what it adds is the backward pass.
        long forward = flops.method("loss");
        long backwardPass = flops.method("backward") - forward;

        assertTrue(forward > 0 && backwardPass > 0, forward + " and " + backwardPass);
        assertTrue(backwardPass <= 2.2 * forward,
                "the backward pass does " + backwardPass + " operations, the forward pass " + forward);
    }

    @Test
    void denseLayerProducts_areFourRowsSideBySide_andTheTransposedProductAddsWholeRows() {
        String source = TestModels.generate("model.nn", dense(64, 128, 32)).source();

        // W1 @ x: four dot products at once, one load of x[l] for four rows.
        assertTrue(source.contains("for (int i = 0; i < 128; i += 4) {"), source);
        assertTrue(source.contains("acc3 += param[W1_OFFSET + i * 64 + l + 192] * xl;"), source);
        // W2^T @ dz: no strided dot products down the columns of W2; its rows scaled and added, four per pass.
        assertTrue(source.matches("(?s).*double s3 = work\\[l \\+ \\d+\\];.*"), source);
        assertTrue(source.matches("(?s).*work\\[i \\+ \\d+\\] \\+= param\\[W2_OFFSET \\+ l \\* 128 \\+ i\\] \\* s0 \\+ .*"),
                source);
    }

    @Test
    void weightGradients_writeAlignedRowsOutOneLoopEach_andCopyOtherRowsThroughABuffer() {
        String aligned = TestModels.generate("model.nn", dense(64, 32, 10)).source();
        String wide = TestModels.generate("model.nn", dense(784, 200, 10)).source();

        // 32 rows of 64 at offsets that are multiples of 8: written out with constant offsets, eight rows to a
        // loop over the columns, each column of x loaded once for the eight.
        assertTrue(aligned.contains("double xj = input[j];"), aligned);
        assertTrue(aligned.contains("dest[W1_OFFSET + j + 1984] += s7 * xj;"), aligned);
        // 200 rows are too many to write out: each row goes through the buffer with System.arraycopy.
        assertTrue(wide.contains("System.arraycopy(dest, W1_OFFSET + i * 784, rowBuffer, 0, 784);"), wide);
        assertTrue(wide.contains("rowBuffer[j] += s0 * input[j];"), wide);
    }

    @Test
    void smallModels_stayStraightLineCode() {
        String source = TestModels.generate("model.nn", dense(4, 16, 3)).source();
        String backward = source.substring(source.indexOf("private double addScaledGradient("),
                source.indexOf("public double backwardBatch("));

        // Only the log-sum-exp of the loss, which writes softmax too, is loops; every product is written out.
        assertEquals(4, count(backward, "for ("), backward);
        assertEquals(2, count(backward, "Math.exp("), "exponentials only in the log-sum-exp loops, none for softmax");
        assertTrue(backward.contains("double matmul1_15 = ((param[W1_OFFSET + 60] * input[0]"), backward);
    }

    @Test
    void midSizeProducts_areLoopsOverTheirElements_eachSumWrittenOut() {
        String source = TestModels.generate("model.nn", dense(784, 16, 16, 10)).source();

        // W2 @ h1, 256 multiply-adds: a loop over the 16 rows, each row's dot product a balanced sum with constant
        // offsets from the row, as the unrolled code sums it; W3 @ h2 (160) the same over 10 rows.
        assertTrue(source.matches("(?s).*for \\(int i = 0; i < 16; i\\+\\+\\) \\{\\s*work\\[i( \\+ \\d+)?\\] = \\(\\(\\(\\(param\\[W2_OFFSET \\+ i \\* 16\\] \\* .*"),
                source);
        assertTrue(source.contains("param[W2_OFFSET + i * 16 + 15] * "), source);
        assertTrue(source.contains("param[W3_OFFSET + i * 16 + 15] * "), source);
        assertFalse(source.contains("double matmul1_15"), "no product of more than 64 multiply-adds is unrolled");
    }

    @Test
    void productsOfUpTo512MultiplyAdds_areLoopsOverTheirElements_eachSumWrittenOut() {
        String source = TestModels.generate("model.nn", dense(64, 32, 10)).source();

        // W2 @ h (10 x 32) and W2^T @ d (32 x 10), 320 multiply-adds each: one loop over the result's elements, not
        // the dense-layer loops (four rows side by side, then the two rows left one by one).
        assertTrue(source.contains("param[W2_OFFSET + i * 32 + 31] * "), source);
        assertTrue(source.matches("(?s).*work\\[i \\+ \\d+\\] = \\(+param\\[W2_OFFSET \\+ i\\] \\* work\\[\\d+\\] .*"
                + "param\\[W2_OFFSET \\+ i \\+ 288\\] \\* work\\[\\d+\\]\\)+;.*"), source);
        assertFalse(source.contains("acc0 += param[W2_OFFSET"), source);
        assertFalse(source.contains("+= param[W2_OFFSET + l * 32 + i]"), source);
    }

    @Test
    void backwardBatch_innermostLoopsRunOverTheExamplesOfABlock() {
        GeneratedClass generated = TestModels.generate("model.nn", dense(784, 128, 10));
        String source = generated.source();

        assertTrue(source.contains("out[ex] += a0 * b0[ex] + a1 * b1[ex] + a2 * b2[ex] + a3 * b3[ex];"), source);
        assertTrue(source.contains("rowBuffer[j] += s0 * in0[j] + s1 * in1[j] + s2 * in2[j] + s3 * in3[j];"), source);
        assertEquals(1, count(source, "new double[32][784]"), "one copy of x, one example per row");
    }

    @Test
    void sgdStep_stepsEachWeightAfterItsLastRead_rowByRowWithConstantOffsets() {
        String source = TestModels.generate("model.nn", dense(784, 128, 10)).source();
        // backward and sgdStep are one body, whose destination is the parameters in sgdStep
        String step = source.substring(source.indexOf("private double addScaledGradient("),
                source.indexOf("public double backwardBatch("));

        assertTrue(step.lastIndexOf("] += param[W2_OFFSET + l * 128 + i]") < step.indexOf("dest[W2_OFFSET + j] += s0 * xj;"),
                step);
        // W1's rows, 784 long, eight to a loop, in methods called one loop at a time
        assertTrue(step.contains("addScaledGradientRows7(input, target, dest, scale, group);"), step);
        String lastRows = source.substring(source.indexOf("private void addScaledGradientRows7("));
        assertTrue(lastRows.contains("dest[W1_OFFSET + j + 99568] += s7 * xj;"), "the last of 128 rows written out");
        assertFalse(step.contains("arraycopy") || step.contains("grad["), step);
    }

    @Test
    void rowsOf256OrMore_areMethodsCalledOncePerRowGroup() {
        String source = TestModels.generate("model.nn", dense(784, 16, 16, 10)).source();

        // W1 @ x: four rows a call; W1's gradient: eight rows, one loop, a call, the loop picked by its argument
        assertTrue(source.matches("(?s).*for \\(int i = 0; i < 16; i \\+= 4\\) \\{\\s*forwardValuesRows0\\(input, i\\);.*"),
                source);
        assertTrue(source.matches("(?s).*for \\(int group = 0; group < 2; group\\+\\+\\) \\{\\s*"
                + "addScaledGradientRows0\\(input, target, dest, scale, group\\);.*"), source);
        String rows = source.substring(source.indexOf("private void addScaledGradientRows0("));
        assertTrue(rows.matches("(?s)[^}]*if \\(group < 0\\) \\{\\s*return;\\s*}\\s*"
                + "switch \\(group\\) \\{\\s*case 0 -> \\{.*case 1 -> \\{.*"), rows);
        // W2 and W3, rows of 16: their loops stay in the part
        assertFalse(source.contains("addScaledGradientRows1("), source);
    }

    @Test
    void rowGroupMethods_areToppedUpWithCallsThatReturnAtOnce_whileTheObjectIsYoung() {
        String source = TestModels.generate("model.nn", dense(784, 16, 16, 10)).source();

        // four calls of W1 @ x a step and two of W1's gradient rows, each topped up to 64 for 10,000 calls
        assertTrue(source.matches("(?s).*forwardValuesRows0\\(input, i\\);\\s*}\\s*"
                + "if \\(forwardValuesRows0WarmUpCalls < 10000\\) \\{\\s*forwardValuesRows0WarmUpCalls \\+= 60;\\s*"
                + "for \\(int i = 0; i < 60; i\\+\\+\\) \\{\\s*forwardValuesRows0\\(input, -1\\);.*"), source);
        assertTrue(source.matches("(?s).*addScaledGradientRows0WarmUpCalls \\+= 62;\\s*"
                + "for \\(int group = 0; group < 62; group\\+\\+\\) \\{\\s*"
                + "addScaledGradientRows0\\(input, target, dest, scale, -1\\);.*"), source);
        assertTrue(source.contains("private int forwardValuesRows0WarmUpCalls;"), source);
        // -1 names no row group: the method returns at once
        String dots = source.substring(source.indexOf("private void forwardValuesRows0("));
        assertTrue(dots.matches("(?s)[^}]*if \\(i < 0\\) \\{\\s*return;\\s*}\\s*double acc0 = 0.0;.*"), dots);
        // 784-128-10: W1 @ x is 32 calls a step, its gradient rows two calls of each of eight methods
        String wide = TestModels.generate("model.nn", dense(784, 128, 10)).source();
        assertTrue(wide.contains("forwardValuesRows0WarmUpCalls += 32;"), wide);
        assertTrue(wide.contains("addScaledGradientRows7WarmUpCalls += 62;"), wide);
        // a row group method called 64 times a step already is not topped up
        String widest = TestModels.generate("model.nn", dense(784, 256, 10)).source();
        assertTrue(widest.contains("forwardValuesRows0(input, i);"), widest);
        assertFalse(widest.contains("forwardValuesRows0WarmUpCalls"), widest);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
