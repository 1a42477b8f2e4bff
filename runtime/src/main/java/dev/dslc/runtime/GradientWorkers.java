package dev.dslc.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sums a mini-batch's gradient on several threads, with a result that does
 * not depend on how many. The batch is cut into blocks of
 * {@value BlockBackward#BLOCK_SIZE} examples; each block's gradient is summed
 * from zero by {@link BlockBackward} on one thread's copy of the model, and
 * the block gradients are added in block order. Blocks are handed out in
 * waves of {@code k} per thread (as many as make a batch one wave, within a
 * memory budget): thread {@code t} takes blocks {@code t * k} to
 * {@code t * k + k - 1} of the wave, each moved to a buffer of its own when
 * {@code k > 1}; then every thread adds one slice of the parameter range
 * across the wave's blocks, in block order, into the running sum (after the
 * batch's last wave the calling thread adds them alone, to spare a
 * barrier where the others would wait for the optimiser anyway). So each
 * gradient element is {@code (block0 + block1) + ...} on any number of
 * threads, and memory stays at one model per thread and the buffers.
 *
 * <p>The calling thread is thread 0 and uses the model itself; the others
 * are started once, here, and wait on a {@link SpinBarrier} between batches.
 * Two barrier crossings per wave (the batch's start counted as one),
 * none per example; nothing is allocated per batch.
 */
final class GradientWorkers implements AutoCloseable {
    /** Padding between per-thread counters, so that threads do not share a cache line. */
    private static final int STRIDE = 16;
    /** At most this many doubles (32 MB) of block gradients kept for a wave of several blocks per thread. */
    private static final long SLOT_BUDGET = 4L << 20;

    private final Model model;
    private final Dataset data;
    private final int[] order;
    private final int threadCount;
    private final Model[] replicas;
    private final double[][] gradients;
    /** Blocks per thread in a wave. */
    final int perThread;
    /** With several blocks per thread, block {@code t * perThread + j} of a wave is moved here; else null. */
    private final double[][] slots;
    private final BlockBackward[] blocks;
    private final double[][] outputs;
    private final double[] runningSum;
    private final double[] blockLosses;
    private final int[] correct;
    private final SpinBarrier barrier;
    private final Thread[] threads;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int batchStart;
    private int batchEnd;
    private boolean closing;

    /**
     * Threads for batches of up to {@code batchSize} examples of {@code data}, visited in the order of the
     * live array {@code order}; {@code threadCount - 1} threads are started, each with a copy of {@code model}.
     */
    GradientWorkers(Model model, Dataset data, int[] order, int batchSize, int threadCount) {
        this(model, data, order, batchSize, threadCount, SLOT_BUDGET);
    }

    /** As above, with at most {@code slotBudget} doubles of block buffers, for tests of waves of every shape. */
    GradientWorkers(Model model, Dataset data, int[] order, int batchSize, int threadCount, long slotBudget) {
        this.model = model;
        this.data = data;
        this.order = order;
        this.threadCount = threadCount;
        this.replicas = new Model[threadCount];
        this.gradients = new double[threadCount][];
        this.blocks = new BlockBackward[threadCount];
        this.outputs = new double[threadCount][];
        for (int t = 0; t < threadCount; t++) {
            replicas[t] = t == 0 ? model : Replicas.copy(model);
            gradients[t] = replicas[t].gradients();
            blocks[t] = new BlockBackward(replicas[t]);
            outputs[t] = new double[model.outputSize()];
        }
        this.perThread = blocksPerThread(threadCount, blockCount(batchSize), model.parameterCount(), slotBudget);
        this.slots = perThread == 1 ? null : new double[threadCount * perThread][model.parameterCount()];
        this.runningSum = new double[model.parameterCount()];
        this.blockLosses = new double[blockCount(batchSize)];
        this.correct = new int[threadCount * STRIDE];
        this.barrier = new SpinBarrier(threadCount);
        this.threads = new Thread[threadCount];
        barrier.register(0, Thread.currentThread());
        for (int t = 1; t < threadCount; t++) {
            int party = t;
            threads[t] = new Thread(() -> work(party), "dslc-trainer-" + t);
            threads[t].setDaemon(true);
            barrier.register(t, threads[t]);
        }
        for (int t = 1; t < threadCount; t++) {
            threads[t].start();
        }
    }

    /**
     * On several threads, as many blocks each as make the batch one wave, within {@link #SLOT_BUDGET}: each wave
     * costs two barrier crossings, and every crossing can wait for a thread the OS has taken off its core. One
     * thread needs no barrier, and keeps each block's gradient where the model summed it.
     */
    private static int blocksPerThread(int threadCount, int blocksPerBatch, int parameterCount, long budget) {
        if (threadCount == 1) {
            return 1;
        }
        long affordable = budget / ((long) threadCount * Math.max(1, parameterCount));
        return (int) Math.max(1, Math.min((blocksPerBatch + threadCount - 1) / threadCount, affordable));
    }

    /** How many blocks a batch of {@code size} examples is cut into. */
    static int blockCount(int size) {
        return (size + BlockBackward.BLOCK_SIZE - 1) / BlockBackward.BLOCK_SIZE;
    }

    /**
     * Adds the summed gradient of the examples {@code order[start]} to {@code order[end - 1]} into the model's
     * gradients (zero beforehand) and returns their summed loss. Rethrows what any thread threw.
     */
    double accumulate(int start, int end) {
        batchStart = start;
        batchEnd = end;
        barrier.await(0);
        runBatch(0);
        Throwable thrown = failure.getAndSet(null);
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        double loss = 0.0;
        for (int b = 0, n = blockCount(end - start); b < n; b++) {
            loss += blockLosses[b];
        }
        return loss;
    }

    /** Takes the count of examples predicted right (see {@link Accuracy}) since the last call. */
    int takeCorrect() {
        int sum = 0;
        for (int t = 0; t < threadCount; t++) {
            sum += correct[t * STRIDE];
            correct[t * STRIDE] = 0;
        }
        return sum;
    }

    /** Stops the threads; they end after the batch in hand. */
    @Override
    public void close() {
        closing = true;
        barrier.await(0);
        for (int t = 1; t < threadCount; t++) {
            try {
                threads[t].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work(int thread) {
        while (true) {
            barrier.await(thread);
            if (closing) {
                return;
            }
            runBatch(thread);
        }
    }

    private void runBatch(int thread) {
        int blockCount = blockCount(batchEnd - batchStart);
        if (thread > 0) {
            System.arraycopy(model.parameters(), 0, replicas[thread].parameters(), 0, runningSum.length);
        }
        int perWave = threadCount * perThread;
        for (int first = 0; first < blockCount; first += perWave) {
            for (int j = 0, block = first + thread * perThread; j < perThread && block < blockCount; j++, block++) {
                try {
                    computeBlock(thread, block);
                    if (slots != null) {
                        System.arraycopy(gradients[thread], 0, slots[thread * perThread + j], 0, runningSum.length);
                        Arrays.fill(gradients[thread], 0.0);
                    }
                } catch (Throwable e) {
                    // keep crossing the barriers, so that no thread waits forever; the caller rethrows
                    failure.compareAndSet(null, e);
                }
            }
            barrier.await(thread);
            int present = Math.min(perWave, blockCount - first);
            if (first + perWave < blockCount) {
                addSlice(thread, present, first == 0);
                barrier.await(thread);
            } else if (thread == 0) {
                // the batch's last wave: the caller adds it up alone, which saves every thread a barrier per batch
                addRange(0, runningSum.length, present, first == 0, true);
            }
        }
    }

    private void computeBlock(int thread, int block) {
        int from = batchStart + block * BlockBackward.BLOCK_SIZE;
        int to = Math.min(from + BlockBackward.BLOCK_SIZE, batchEnd);
        Model replica = replicas[thread];
        BlockBackward examples = blocks[thread];
        double[] output = outputs[thread];
        int right = 0;
        for (int i = from; i < to; i++) {
            double[] input = data.input(order[i]);
            double[] target = data.target(order[i]);
            replica.forward(input, output);
            if (Accuracy.isCorrect(output, output.length, target, replica.targetSize())) {
                right++;
            }
            examples.add(input, target);
        }
        blockLosses[block] = examples.flush();
        correct[thread * STRIDE] += right;
    }

    /** Adds this thread's slice of a wave that is not the batch's last (see {@link #addRange}). */
    private void addSlice(int thread, int present, boolean firstWave) {
        addRange((int) ((long) runningSum.length * thread / threadCount),
                (int) ((long) runningSum.length * (thread + 1) / threadCount), present, firstWave, false);
    }

    /**
     * Adds elements {@code [from, to)} of the wave's {@code present} block gradients, in block order, to the
     * running sum, which the batch's first block starts (so the sum is {@code (block0 + block1) + ...}, with no
     * leading zero whose sign could differ), and leaves zeros where the next blocks will be summed; after the
     * batch's last wave the sum is in the model's gradients. A batch of one wave is summed in the model's
     * gradients directly.
     */
    private void addRange(int from, int to, int present, boolean firstWave, boolean lastWave) {
        double[] sum = firstWave && lastWave ? gradients[0] : runningSum;
        for (int r = 0; r < present; r++) {
            // the wave's r-th block, in block order: thread r / perThread's (r % perThread)-th
            double[] block = slots != null ? slots[r] : gradients[r];
            if (r == 0 && firstWave) {
                if (block != sum) {
                    System.arraycopy(block, from, sum, from, to - from);
                }
            } else {
                for (int i = from; i < to; i++) {
                    sum[i] += block[i];
                }
            }
            if (slots == null && r > 0) {
                Arrays.fill(block, from, to, 0.0);
            }
        }
        if (lastWave && sum != gradients[0]) {
            System.arraycopy(sum, from, gradients[0], from, to - from);
        } else if (!lastWave && slots == null) {
            Arrays.fill(gradients[0], from, to, 0.0);
        }
    }
}
