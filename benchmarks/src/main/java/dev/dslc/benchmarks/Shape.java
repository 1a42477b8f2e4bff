package dev.dslc.benchmarks;

import dev.dslc.benchmarks.models.Mlp2x2x1;
import dev.dslc.benchmarks.models.Mlp2x4x1;
import dev.dslc.benchmarks.models.Mlp4x16x3;
import dev.dslc.benchmarks.models.Mlp64x32x10;
import dev.dslc.benchmarks.models.Mlp64x32x10Tanh;
import dev.dslc.benchmarks.models.Mlp784x128x10;
import dev.dslc.benchmarks.models.Mlp784x16x16x10;
import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * The benchmarked networks: each is a {@code .nn} file under src/main/nn,
 * compiled by dslc, and the same network described for the baselines.
 */
enum Shape {
    S2_2_1("2-2-1", Activation.SIGMOID, OutputLoss.HALF_SQUARED_ERROR, Mlp2x2x1::new,
            (m, x, y, n) -> ((Mlp2x2x1) m).backwardBatch(x, y, n), 2, 2, 1),
    S2_4_1("2-4-1", Activation.TANH, OutputLoss.BINARY_CROSS_ENTROPY, Mlp2x4x1::new,
            (m, x, y, n) -> ((Mlp2x4x1) m).backwardBatch(x, y, n), 2, 4, 1),
    S4_16_3("4-16-3", Activation.TANH, OutputLoss.SOFTMAX_CROSS_ENTROPY, Mlp4x16x3::new,
            (m, x, y, n) -> ((Mlp4x16x3) m).backwardBatch(x, y, n), 4, 16, 3),
    S64_32_10("64-32-10", Activation.RELU, OutputLoss.SOFTMAX_CROSS_ENTROPY, Mlp64x32x10::new,
            (m, x, y, n) -> ((Mlp64x32x10) m).backwardBatch(x, y, n), 64, 32, 10),
    /** Only in {@link ColdStart}: issue 13 measured the cold start of this one. */
    S64_32_10_TANH("64-32-10-tanh", Activation.TANH, OutputLoss.SOFTMAX_CROSS_ENTROPY, Mlp64x32x10Tanh::new,
            (m, x, y, n) -> ((Mlp64x32x10Tanh) m).backwardBatch(x, y, n), 64, 32, 10),
    S784_16_16_10("784-16-16-10", Activation.RELU, OutputLoss.SOFTMAX_CROSS_ENTROPY, Mlp784x16x16x10::new,
            (m, x, y, n) -> ((Mlp784x16x16x10) m).backwardBatch(x, y, n), 784, 16, 16, 10),
    S784_128_10("784-128-10", Activation.RELU, OutputLoss.SOFTMAX_CROSS_ENTROPY, Mlp784x128x10::new,
            (m, x, y, n) -> ((Mlp784x128x10) m).backwardBatch(x, y, n), 784, 128, 10);

    /** A generated class's backwardBatch, which is not part of the Model interface. */
    @FunctionalInterface
    interface BatchedBackward {
        double backwardBatch(Model model, double[] inputs, double[] targets, int count);
    }

    final String label;
    final Activation hidden;
    final OutputLoss output;
    final BatchedBackward batched;
    private final LongFunction<Model> generated;
    private final int[] sizes;

    Shape(String label, Activation hidden, OutputLoss output, LongFunction<Model> generated, BatchedBackward batched,
            int... sizes) {
        this.label = label;
        this.hidden = hidden;
        this.output = output;
        this.generated = generated;
        this.batched = batched;
        this.sizes = sizes;
    }

    static Shape of(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no shape " + label));
    }

    /** Layer widths, input first. */
    int[] sizes() {
        return sizes.clone();
    }

    int inputs() {
        return sizes[0];
    }

    int outputs() {
        return sizes[sizes.length - 1];
    }

    /** The dslc-generated class for this network. */
    Model newModel(long seed) {
        return generated.apply(seed);
    }

    /**
     * Another class for one of these networks, by name: for experiments on the
     * code shape, a hand-edited copy of a generated class, with its {@code (long seed)} constructor.
     */
    static Model newModel(String className, long seed) {
        try {
            return (Model) Class.forName(className).getConstructor(long.class).newInstance(seed);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("cannot make a model " + className + "(long seed): " + e, e);
        }
    }

    /** The {@code backwardBatch} of another class of a network, found by reflection (a code-shape experiment). */
    static BatchedBackward batchedBackwardOf(Class<?> type) {
        try {
            java.lang.invoke.MethodHandle method = java.lang.invoke.MethodHandles.publicLookup().findVirtual(type,
                    "backwardBatch", java.lang.invoke.MethodType.methodType(double.class, double[].class,
                            double[].class, int.class)).asType(java.lang.invoke.MethodType.methodType(double.class,
                            Model.class, double[].class, double[].class, int.class));
            return (m, x, y, n) -> {
                try {
                    return (double) method.invokeExact(m, x, y, n);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " has no backwardBatch(double[], double[], int)", e);
        }
    }

    /** Weights (biases not counted): a training step does 6 floating-point operations per weight. */
    long weights() {
        long weights = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            weights += (long) sizes[l] * sizes[l + 1];
        }
        return weights;
    }

    /**
     * The textbook count for one example: 2 per weight forward, 2 for dW and 2
     * for dx backward. Every implementation is credited with the same count.
     */
    long flopsPerExample() {
        return 6 * weights();
    }
}
