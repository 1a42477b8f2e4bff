package dev.dslc.benchmarks;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
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
 * One training step on one example (forward, backward, SGD update), for each
 * implementation (dslc three times: {@code backward} then {@code Sgd.step(model)},
 * the fused {@code Sgd.step(model, input, target)}, and the same with the class
 * compiled with {@code --vector-api}); {@link RatioTable} runs these and prints the ratios. Every
 * implementation starts from the same parameters and cycles through the same
 * {@value #EXAMPLES} examples.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TrainingStep {
    static final int EXAMPLES = 32;
    static final double LEARNING_RATE = 0.01;
    static final long SEED = 42L;
    static final String GENERATED = "generated";

    /** What every implementation's state shares: the shape, the data, and which example is next. */
    @State(Scope.Thread)
    public abstract static class Examples {
        Samples samples;
        Model model;
        int next;

        void prepare(String label) {
            Shape shape = Shape.of(label);
            samples = new Samples(shape, EXAMPLES, SEED);
            model = shape.newModel(SEED);
        }

        int nextExample() {
            int k = next;
            next = k + 1 == EXAMPLES ? 0 : k + 1;
            return k;
        }
    }

    public static class Dslc extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10", "784-16-16-10", "784-128-10"})
        public String shape;
        /** The generated class, or another class of the shape's network by name (a code-shape experiment). */
        @Param({GENERATED})
        public String modelClass;
        Sgd sgd;

        @Setup
        public void setUp() {
            prepare(shape);
            if (!modelClass.equals(GENERATED)) {
                model = Shape.newModel(modelClass, SEED);
            }
            sgd = new Sgd(LEARNING_RATE);
        }
    }

    /** The same networks compiled with {@code --vector-api} ({@link VectorModels}). */
    public static class DslcVector extends Examples {
        @Param({"64-32-10", "784-16-16-10", "784-128-10"})
        public String shape;
        Sgd sgd;

        @Setup
        public void setUp() {
            prepare(shape);
            model = VectorModels.newModel(Shape.of(shape), SEED);
            sgd = new Sgd(LEARNING_RATE);
        }
    }

    public static class Loops extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10", "784-16-16-10", "784-128-10"})
        public String shape;
        LoopsMlp mlp;

        @Setup
        public void setUp() {
            prepare(shape);
            mlp = new LoopsMlp(Shape.of(shape), model.parameters());
        }
    }

    public static class Tuned extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10", "784-16-16-10", "784-128-10"})
        public String shape;
        TunedLoopsMlp mlp;

        @Setup
        public void setUp() {
            prepare(shape);
            mlp = new TunedLoopsMlp(Shape.of(shape), model.parameters());
        }
    }

    public static class Tape extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10"})
        public String shape;
        TapeMlp<MicrogradValue> mlp;

        @Setup
        public void setUp() {
            prepare(shape);
            mlp = TapeMlp.micrograd(Shape.of(shape), model.parameters());
        }
    }

    public static class TunedTape extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10"})
        public String shape;
        TapeMlp<Value> mlp;

        @Setup
        public void setUp() {
            prepare(shape);
            mlp = TapeMlp.tuned(Shape.of(shape), model.parameters());
        }
    }

    public static class DslcBatch extends Examples {
        @Param({"2-2-1", "2-4-1", "4-16-3", "64-32-10", "784-16-16-10", "784-128-10"})
        public String shape;
        /** The generated class, or another class of the shape's network by name (a code-shape experiment). */
        @Param({GENERATED})
        public String modelClass;
        Sgd sgd;
        Shape.BatchedBackward batched;

        @Setup
        public void setUp() {
            prepare(shape);
            sgd = new Sgd(LEARNING_RATE);
            batched = Shape.of(shape).batched;
            if (!modelClass.equals(GENERATED)) {
                model = Shape.newModel(modelClass, SEED);
                batched = Shape.batchedBackwardOf(model.getClass());
            }
        }
    }

    @Benchmark
    public double dslc(Dslc state) {
        int k = state.nextExample();
        double loss = state.model.backward(state.samples.inputs[k], state.samples.targets[k]);
        state.sgd.step(state.model);
        return loss;
    }

    /** The same step through {@code Sgd.step(model, input, target)}: the model's fused {@code sgdStep}. */
    @Benchmark
    public double dslcFused(Dslc state) {
        int k = state.nextExample();
        return state.sgd.step(state.model, state.samples.inputs[k], state.samples.targets[k]);
    }

    /** The fused step of the class compiled with {@code --vector-api}, in a JVM that has the incubating module. */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
    public double dslcVector(DslcVector state) {
        int k = state.nextExample();
        return state.sgd.step(state.model, state.samples.inputs[k], state.samples.targets[k]);
    }

    /** One step on a mini-batch of all {@value #EXAMPLES} examples: backwardBatch, then SGD on the mean gradient. */
    @Benchmark
    public double dslcBatch(DslcBatch state) {
        double loss = state.batched.backwardBatch(state.model, state.samples.flatInputs, state.samples.flatTargets,
                EXAMPLES);
        state.sgd.step(state.model, EXAMPLES);
        return loss;
    }

    @Benchmark
    public double loops(Loops state) {
        int k = state.nextExample();
        return state.mlp.step(state.samples.inputs[k], state.samples.targets[k], LEARNING_RATE);
    }

    @Benchmark
    public double loopsTuned(Tuned state) {
        int k = state.nextExample();
        return state.mlp.step(state.samples.inputs[k], state.samples.targets[k], LEARNING_RATE);
    }

    @Benchmark
    public double tape(Tape state) {
        int k = state.nextExample();
        return state.mlp.step(state.samples.inputs[k], state.samples.targets[k], LEARNING_RATE);
    }

    @Benchmark
    public double tapeTuned(TunedTape state) {
        int k = state.nextExample();
        return state.mlp.step(state.samples.inputs[k], state.samples.targets[k], LEARNING_RATE);
    }
}
