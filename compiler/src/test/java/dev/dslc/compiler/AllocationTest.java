package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import com.sun.management.ThreadMXBean;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.runtime.Model;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * INTERFACES.md's promise that generated models allocate nothing per call:
 * after warm-up, 100,000 calls of each of {@code forward}, {@code loss},
 * {@code backward}, {@code zeroGradients} and the fused {@code sgdStep}
 * allocate under one byte a call.
 */
class AllocationTest {
    private static final int WARM_UP_CALLS = 30_000;
    private static final int MEASURED_CALLS = 100_000;
    /** Measurements at most, each after its own warm-up, until one sees no allocation. */
    private static final int ATTEMPTS = 5;
    private static final EmitOptions VECTOR_API = new EmitOptions(true);
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Sinks the results so that no call can be optimised away. */
    private double sink;
    private double[] escaped;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("xor.nn", TestModels.sample("xor.nn")),
                Arguments.of("4-16-3 tanh, softmax", TestModels.load(ModelSources.twoLayer(4, 16, 3, "tanh"))),
                // Big enough that its products and gradients are loops over work arrays.
                Arguments.of("64-32-10 relu, softmax", TestModels.load(ModelSources.twoLayer(64, 32, 10, "relu"))),
                // More than 32 rows: weight-gradient rows go through a buffer with System.arraycopy.
                Arguments.of("64-40-10 relu, softmax", TestModels.load(ModelSources.twoLayer(64, 40, 10, "relu"))),
                Arguments.of("1000-deep tanh chain", TestModels.load(ModelSources.tanhChain(1000))),
                // Vector API mode: C2 must keep every DoubleVector in registers, never box one.
                Arguments.of("64-32-10 relu, softmax, --vector-api",
                        TestModels.load(ModelSources.twoLayer(64, 32, 10, "relu"), VECTOR_API)),
                Arguments.of("70-37-10 tanh, softmax, --vector-api",
                        TestModels.load(ModelSources.twoLayer(70, 37, 10, "tanh"), VECTOR_API)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyPerExampleMethod_allocatesNothingPerCall(String name, Model model) {
        Random random = new Random(7);
        double[] input = random.doubles(model.inputSize(), -1, 1).toArray();
        double[] target = new double[model.targetSize()];
        if (target.length > 0) {
            target[random.nextInt(target.length)] = 1;
        }
        double[] output = new double[model.outputSize()];

        double forward = bytesPerCall(() -> model.forward(input, output));
        double loss = bytesPerCall(() -> sink += model.loss(input, target));
        double backward = bytesPerCall(() -> sink += model.backward(input, target));
        double zero = bytesPerCall(model::zeroGradients);
        // A learning rate of zero: the model stays as it is through all the calls.
        double step = bytesPerCall(() -> sink += model.sgdStep(input, target, 0.0));

        String report = String.format("bytes a call: forward %.3f, loss %.3f, backward %.3f, zeroGradients %.3f, "
                + "sgdStep %.3f", forward, loss, backward, zero, step);
        assertTrue(forward < 1 && loss < 1 && backward < 1 && zero < 1 && step < 1, report);
        assertTrue(Double.isFinite(sink), "the model computed " + sink);
    }

    static Stream<Arguments> modelsWithDerivatives() {
        EmitOptions all = EmitOptions.DEFAULT.withDerivatives(EmitOptions.DerivativeEntryPoints.ALL);
        return Stream.of(
                Arguments.of("xor.nn", TestModels.load(TestModels.sampleSource("xor.nn"), all)),
                Arguments.of("4-16-3 tanh, softmax", TestModels.load(ModelSources.twoLayer(4, 16, 3, "tanh"), all)),
                Arguments.of("64-32-10 relu, softmax", TestModels.load(ModelSources.twoLayer(64, 32, 10, "relu"), all)),
                Arguments.of("64-32-10 tanh, softmax, --vector-api", TestModels.load(ModelSources.twoLayer(64, 32, 10,
                        "tanh"), all.withVectorApi(true))));
    }

    /** Called through method handles of exact type: no boxing, no argument arrays. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsWithDerivatives")
    void everyDerivativeEntryPoint_allocatesNothingPerCall(String name, Model model) throws Exception {
        Random random = new Random(7);
        double[] input = random.doubles(model.inputSize(), -1, 1).toArray();
        double[] target = new double[model.targetSize()];
        target[random.nextInt(target.length)] = 1;
        double[] v = random.doubles(model.parameterCount(), -1, 1).toArray();
        double[] hv = new double[model.parameterCount()];
        double[] dInput = new double[model.inputSize()];
        double[] jac = new double[model.outputSize() * model.inputSize()];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> type = model.getClass();
        MethodHandle inputGradient = lookup.findVirtual(type, "inputGradient", MethodType.methodType(double.class,
                double[].class, double[].class, double[].class)).asType(MethodType.methodType(double.class, Model.class,
                double[].class, double[].class, double[].class));
        MethodHandle jacobian = lookup.findVirtual(type, "jacobian", MethodType.methodType(void.class, double[].class,
                double[].class)).asType(MethodType.methodType(void.class, Model.class, double[].class, double[].class));
        MethodHandle product = lookup.findVirtual(type, "hessianVectorProduct", MethodType.methodType(double.class,
                double[].class, double[].class, double[].class, double[].class)).asType(MethodType.methodType(double.class,
                Model.class, double[].class, double[].class, double[].class, double[].class));

        double inputBytes = bytesPerCall(() -> {
            try {
                sink += (double) inputGradient.invokeExact(model, input, target, dInput);
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });
        double jacobianBytes = bytesPerCall(() -> {
            try {
                jacobian.invokeExact(model, input, jac);
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });
        double productBytes = bytesPerCall(() -> {
            try {
                sink += (double) product.invokeExact(model, input, target, v, hv);
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        });

        String report = String.format("bytes a call: inputGradient %.3f, jacobian %.3f, hessianVectorProduct %.3f",
                inputBytes, jacobianBytes, productBytes);
        assertTrue(inputBytes < 1 && jacobianBytes < 1 && productBytes < 1, report);
        assertTrue(Double.isFinite(sink), "the model computed " + sink);
    }

    @Test
    void bytesPerCall_seesAnAllocationThatEscapes() {
        double bytes = bytesPerCall(() -> escaped = new double[1]);

        assertTrue(bytes >= 16, "a double[1] a call measured as " + bytes + " bytes a call");
    }

    /**
     * Bytes allocated per call once the JIT has compiled the method: the
     * least of a few measurements, each after more warm-up calls. On a busy
     * machine C2 may still be compiling after the first warm-up, and the
     * interpreter or C1 boxes Vector API values that C2 keeps in registers;
     * an allocation that stays in compiled code is in every measurement.
     */
    private static double bytesPerCall(Runnable call) {
        double least = Double.POSITIVE_INFINITY;
        for (int attempt = 0; attempt < ATTEMPTS && least >= 1; attempt++) {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                call.run();
            }
            long thread = Thread.currentThread().getId();
            THREADS.getThreadAllocatedBytes(thread);
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < MEASURED_CALLS; i++) {
                call.run();
            }
            long after = THREADS.getThreadAllocatedBytes(thread);
            least = Math.min(least, (after - before) / (double) MEASURED_CALLS);
        }
        return least;
    }
}
