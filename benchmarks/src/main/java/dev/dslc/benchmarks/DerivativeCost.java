package dev.dslc.benchmarks;

import dev.dslc.benchmarks.models.derivatives.Mlp64x32x10;
import dev.dslc.benchmarks.models.derivatives.Mlp784x128x10;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ModelDerivatives;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the derivative entry points beyond the loss gradient
 * (docs/derivatives.md) against {@code backward} on the same class, examples
 * and parameters: {@code hessianVectorProduct} (issue 16's target is at most
 * 4x {@code backward}), {@code inputGradient} and {@code jacobian}. The
 * classes are the benchmark networks generated with {@code derivatives=all}
 * (package {@code dev.dslc.benchmarks.models.derivatives}, benchmarks/pom.xml),
 * as by default a 10-way output's class has no {@code jacobian}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main DerivativeCost
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DerivativeCost {

    @State(Scope.Thread)
    public static class Network {
        @Param({"64-32-10", "784-128-10"})
        public String shape;
        Samples samples;
        Model model;
        ModelDerivatives.InputGradient inputGradient;
        ModelDerivatives.Jacobian jacobian;
        ModelDerivatives.HessianVectorProduct hessianVectorProduct;
        double[] v;
        double[] hv;
        double[] dInput;
        double[] jac;
        int next;

        @Setup
        public void setUp() {
            Shape network = Shape.of(shape);
            samples = new Samples(network, TrainingStep.EXAMPLES, TrainingStep.SEED);
            model = switch (network) {
                case S64_32_10 -> new Mlp64x32x10(TrainingStep.SEED);
                case S784_128_10 -> new Mlp784x128x10(TrainingStep.SEED);
                default -> throw new IllegalArgumentException("no model with every derivative for " + shape);
            };
            inputGradient = (ModelDerivatives.InputGradient) model;
            jacobian = (ModelDerivatives.Jacobian) model;
            hessianVectorProduct = (ModelDerivatives.HessianVectorProduct) model;
            v = new Random(7).doubles(model.parameterCount(), -1, 1).toArray();
            hv = new double[model.parameterCount()];
            dInput = new double[model.inputSize()];
            jac = new double[model.outputSize() * model.inputSize()];
        }

        int nextExample() {
            int k = next;
            next = k + 1 == TrainingStep.EXAMPLES ? 0 : k + 1;
            return k;
        }
    }

    /** The baseline: the gradient with respect to the parameters, accumulated. */
    @Benchmark
    public double backward(Network state) {
        int k = state.nextExample();
        return state.model.backward(state.samples.inputs[k], state.samples.targets[k]);
    }

    @Benchmark
    public double hessianVectorProduct(Network state) {
        int k = state.nextExample();
        return state.hessianVectorProduct.hessianVectorProduct(state.samples.inputs[k], state.samples.targets[k], state.v,
                state.hv);
    }

    @Benchmark
    public double inputGradient(Network state) {
        int k = state.nextExample();
        return state.inputGradient.inputGradient(state.samples.inputs[k], state.samples.targets[k], state.dInput);
    }

    @Benchmark
    public double[] jacobian(Network state) {
        int k = state.nextExample();
        state.jacobian.jacobian(state.samples.inputs[k], state.jac);
        return state.jac;
    }
}
