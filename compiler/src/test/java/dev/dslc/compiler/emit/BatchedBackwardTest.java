package dev.dslc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.BatchedCalls;
import dev.dslc.compiler.TestModels;
import dev.dslc.runtime.Model;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code backwardBatch(inputs, targets, count)} gives what {@code backward}
 * on each example in turn gives, summed: the same gradients and loss, for
 * models that use every kind of operation, for partial and several blocks.
 */
class BatchedBackwardTest {
    /** Sums in another order differ in the last bits, relative to the size of what is summed. */
    private static final double TOLERANCE = 1e-12;

    static final String DENSE_64_32_10 = """
            input  x[64]
            target y[10]
            param  W1[32, 64] ~ he
            param  b1[32]
            param  W2[10, 32] ~ xavier
            param  b2[10]
            h = relu(W1 @ x + b1)
            z = W2 @ h + b2
            output softmax(z)
            loss   softmax_cross_entropy(z, y) + 0.001 * sum(W1 ^ 2)
            """;

    static final String EVERY_OPERATION = """
            input  x[3]
            input  M[2, 3]
            input  s
            target y[2]
            target t
            param  W[2, 3] ~ uniform(-1, 1)
            param  V[3, 2] ~ uniform(-1, 1)
            param  b[2] ~ uniform(-0.5, 0.5)
            param  c ~ uniform(0.5, 1.5)
            u = tanh(W @ x + b) * c
            v = x @ V + M @ x
            w = (M' @ u) / (1 + square(s))
            m = max(w) - min(v) + logsumexp(u) + dot(u, v)
            r = leaky_relu(v, 0.1) + abs(u) + softplus(v) - sigmoid(u) ^ 2 + exp(-square(u))
            q = W' @ r + [0.5, -0.25, 1.0] * x[1] + sqrt(square(w) + 1)
            output softmax(q)
            loss   mse(r, y) + m * t + softmax_cross_entropy(q, [0.2, 0.3, 0.5]) + bce_logits(u, y) + mean(log(1 + square(q)))
            """;

    static final String MATRIX_PRODUCTS = """
            input  X[4, 3]
            target Y[4, 2]
            param  A[3, 5] ~ uniform(-1, 1)
            param  B[5, 2] ~ uniform(-1, 1)
            param  C[2, 4] ~ uniform(-1, 1)
            H = tanh(X @ A)
            P = H @ B
            Q = C @ (X @ A) @ B + (X' @ C')' @ A @ B
            output P
            loss   mse(P, Y) + 0.01 * sum(Q ^ 2) + sum(C @ X)
            """;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("xor.nn", TestModels.sample("xor.nn")),
                Arguments.of("seed221.nn", TestModels.sample("seed221.nn")),
                Arguments.of("64-32-10 with weight decay", TestModels.load(DENSE_64_32_10)),
                Arguments.of("every operation", TestModels.load(EVERY_OPERATION)),
                Arguments.of("matrix products", TestModels.load(MATRIX_PRODUCTS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void backwardBatch_equalsBackwardOnEachExampleSummed(String name, Model model) throws Throwable {
        for (int count : new int[] {1, 3, BatchPlan.BLOCK, BatchPlan.BLOCK + 5, 3 * BatchPlan.BLOCK - 1}) {
            assertBatchEqualsExamples(model, count, 31L * count);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void backwardBatch_ofNoExamples_changesNothing(String name, Model model) throws Throwable {
        model.zeroGradients();
        double loss = (double) backwardBatch(model).invokeExact(new double[0], new double[0], 0);

        assertEquals(0.0, loss);
        assertTrue(Arrays.stream(model.gradients()).allMatch(g -> g == 0.0));
    }

    @Test
    void backwardBatch_ofAModelTooBigForBlocks_callsBackwardPerExample() throws Throwable {
        String big = """
                input  x[200000]
                param  w[200000] ~ uniform(-1, 1)
                param  a ~ uniform(0.5, 1)
                output tanh(a * dot(w, x))
                loss   square(tanh(a * dot(w, x)) - 0.5)
                """;
        Model model = TestModels.load(big);
        assertTrue(TestModels.generate("big.nn", big).source().contains("backward(exampleInput, exampleTarget)"));
        assertBatchEqualsExamples(model, 3, 5L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void backwardBatch_allocatesNothingPerCall(String name, Model model) throws Throwable {
        MethodHandle batch = backwardBatch(model);
        int count = BatchPlan.BLOCK + 7;
        Random random = new Random(9);
        double[] inputs = random.doubles((long) count * model.inputSize(), -1, 1).toArray();
        double[] targets = random.doubles((long) count * model.targetSize(), 0, 1).toArray();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        double sink = 0.0;
        for (int i = 0; i < 5_000; i++) {
            sink += (double) batch.invokeExact(inputs, targets, count);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++) {
            sink += (double) batch.invokeExact(inputs, targets, count);
        }
        long bytes = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(bytes / 10_000.0 < 1, bytes / 10_000.0 + " bytes a call");
        assertTrue(Double.isFinite(sink) || Double.isNaN(sink));
    }

    @Test
    void backwardBatch_rejectsANegativeCountAndShortArrays() throws Throwable {
        Model model = TestModels.sample("xor.nn");
        MethodHandle batch = backwardBatch(model);

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> { double unused = (double) batch.invokeExact(new double[4], new double[2], -1); });
        IllegalArgumentException shortInputs = assertThrows(IllegalArgumentException.class,
                () -> { double unused = (double) batch.invokeExact(new double[5], new double[3], 3); });
        IllegalArgumentException shortTargets = assertThrows(IllegalArgumentException.class,
                () -> { double unused = (double) batch.invokeExact(new double[6], new double[2], 3); });

        assertEquals("count is -1; expected 0 or more", negative.getMessage());
        assertEquals("inputs has length 5; expected at least 6 (3 examples of 2)", shortInputs.getMessage());
        assertEquals("targets has length 2; expected at least 3 (3 examples of 1)", shortTargets.getMessage());
    }

    private static void assertBatchEqualsExamples(Model model, int count, long seed) throws Throwable {
        String problem = BatchedCalls.disagreement(model, count, seed, TOLERANCE);
        assertNull(problem, problem);
    }

    private static MethodHandle backwardBatch(Model model) throws ReflectiveOperationException {
        return BatchedCalls.backwardBatch(model);
    }
}
