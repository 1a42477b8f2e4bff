package dev.dslc.benchmarks;

import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far the work of a parallel batch scales with no trainer around it: a
 * batch of 64 as two 32-example {@code backwardBatch} calls on one thread,
 * against one call on each of two threads, each with its own copy of the
 * model, meeting at a spinning barrier after every batch, as the parallel
 * trainer's threads do (docs/performance.md, "Training on every core").
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.dslc.benchmarks.BlockScaling 64-32-10 20000
 * </pre>
 */
public final class BlockScaling {
    private static final int BLOCK = 32;
    private static final AtomicInteger ARRIVED = new AtomicInteger();
    private static volatile int generation;

    private BlockScaling() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BlockScaling SHAPE BATCHES");
            System.exit(2);
        }
        Shape shape = Shape.of(args[0]);
        int batches = Integer.parseInt(args[1]);
        Samples samples = new Samples(shape, 2 * BLOCK, TrainingStep.SEED);
        int in = BLOCK * shape.inputs();
        int out = BLOCK * shape.outputs();
        double[] inputs0 = Arrays.copyOfRange(samples.flatInputs, 0, in);
        double[] inputs1 = Arrays.copyOfRange(samples.flatInputs, in, 2 * in);
        double[] targets0 = Arrays.copyOfRange(samples.flatTargets, 0, out);
        double[] targets1 = Arrays.copyOfRange(samples.flatTargets, out, 2 * out);
        Model first = shape.newModel(TrainingStep.SEED);
        Model second = shape.newModel(TrainingStep.SEED);
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                shape.batched.backwardBatch(first, inputs0, targets0, BLOCK);
                shape.batched.backwardBatch(first, inputs1, targets1, BLOCK);
                first.zeroGradients();
            }
            double one = (System.nanoTime() - start) / 1e3 / batches;
            Thread other = new Thread(() -> {
                for (int i = 0; i < batches; i++) {
                    shape.batched.backwardBatch(second, inputs1, targets1, BLOCK);
                    second.zeroGradients();
                    await();
                }
            });
            start = System.nanoTime();
            other.start();
            for (int i = 0; i < batches; i++) {
                shape.batched.backwardBatch(first, inputs0, targets0, BLOCK);
                first.zeroGradients();
                await();
            }
            other.join();
            double two = (System.nanoTime() - start) / 1e3 / batches;
            System.out.printf("%s: one thread %.1f us a batch of 64, two threads %.1f us, %.2fx%n", args[0], one, two,
                    one / two);
        }
    }

    /** Both threads arrive, then both go on: the last to arrive starts the next generation. */
    private static void await() {
        int current = generation;
        if (ARRIVED.incrementAndGet() == 2) {
            ARRIVED.set(0);
            generation = current + 1;
            return;
        }
        while (generation == current) {
            Thread.onSpinWait();
        }
    }
}
