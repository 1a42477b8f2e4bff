package dev.dslc.benchmarks;

import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
import dev.dslc.runtime.Trainer;

/**
 * {@link TrainerEpoch}'s epoch outside JMH, for looking into it: one
 * {@code train} call per epoch (batch 64, plain SGD), the mean time of an
 * epoch over {@code EPOCHS} calls, five times in one JVM. {@code -Dexamples=N}
 * changes the number of examples (2,048 by default), so that the cost of a
 * {@code train} call can be told from the cost of a batch
 * (docs/performance.md, "Training on every core").
 *
 * <pre>
 * java -Dexamples=20480 -cp benchmarks/target/benchmarks.jar dev.dslc.benchmarks.EpochProbe 64-32-10 2 60
 * </pre>
 */
public final class EpochProbe {
    private EpochProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: EpochProbe SHAPE THREADS EPOCHS");
            System.exit(2);
        }
        Shape network = Shape.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        Samples samples = new Samples(network, Integer.getInteger("examples", TrainerEpoch.EXAMPLES), TrainingStep.SEED);
        Dataset data = new Dataset(samples.inputs, samples.targets);
        Model model = network.newModel(TrainingStep.SEED);
        Trainer trainer = Trainer.builder(new Sgd(TrainingStep.LEARNING_RATE)).epochs(1).batchSize(TrainerEpoch.BATCH)
                .threads(threads).build();
        double loss = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                loss += trainer.train(model, data).lastEpoch().trainingLoss();
            }
            System.out.printf("%s, %d threads: %.3f ms an epoch%n", args[0], threads,
                    (System.nanoTime() - start) / 1e6 / epochs);
        }
        System.out.println("(sum of the losses " + loss + ")");
    }
}
