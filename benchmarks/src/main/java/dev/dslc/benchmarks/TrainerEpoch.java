package dev.dslc.benchmarks;

import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
import dev.dslc.runtime.Trainer;
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
 * One epoch of the runtime's {@link Trainer} (batch {@value #BATCH}, plain
 * SGD, training accuracy counted as always) over {@value #EXAMPLES} examples,
 * on 1 and on 2 threads: the ratio of the two is the speed-up of
 * docs/performance.md, "Training on every core". The epoch is a whole
 * {@code train} call, so it includes starting and ending the threads; the
 * trainer is made once, so the other thread's copy of the model is made on
 * its first call and reused, as when a program trains epoch by epoch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TrainerEpoch {
    static final int EXAMPLES = 2048;
    static final int BATCH = 64;

    @Param({"784-128-10", "64-32-10"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Model model;
    private Dataset data;
    private Trainer trainer;

    @Setup
    public void setUp() {
        Shape network = Shape.of(shape);
        Samples samples = new Samples(network, EXAMPLES, TrainingStep.SEED);
        data = new Dataset(samples.inputs, samples.targets);
        model = network.newModel(TrainingStep.SEED);
        trainer = Trainer.builder(new Sgd(TrainingStep.LEARNING_RATE)).epochs(1).batchSize(BATCH)
                .threads(threads).build();
    }

    @Benchmark
    public double epoch() {
        return trainer.train(model, data).lastEpoch().trainingLoss();
    }
}
