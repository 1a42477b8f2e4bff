package dev.dslc.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sums a mini-batch's gradient on several threads, with a result that does
 * not depend on how many, and, for an optimiser that updates element by
 * element, takes the step on them too. The batch is cut into blocks of
 * {@value BlockBackward#BLOCK_SIZE} examples; each block's gradient is summed
 * from zero by {@link BlockBackward} on one thread's copy of the model, and
 * the block gradients are added in block order. Blocks are handed out in
 * waves of {@code k} per thread (as many as make a batch one wave, within a
 * memory budget): thread {@code t} takes blocks {@code t * k} to
 * {@code t * k + k - 1} of the wave, each moved to a buffer of its own when
 * {@code k > 1}; then every thread adds one slice of the parameter range
 * across the wave's blocks, in block order, into the running sum. So each
 * gradient element is {@code (block0 + block1) + ...} on any number of
 * threads, and memory stays at one model per thread and the buffers.
 *
 * <p>After the batch's last wave each thread checks its slice of the sum for
 * NaN and infinity; once all have (a barrier), and when no slice, no block's
 * loss and no thread failed, each applies the optimiser's step to its slice
 * and writes the new values into every copy of the model, so that no thread
 * walks the whole parameter array alone. Otherwise (or with an optimiser that
 * needs the whole array) the step is left to the caller, the sum complete in
 * the model's gradients, and the copies take the parameters at the next batch.
 *
 * <p>The calling thread is thread 0 and uses the model itself; the others
 * are started once, here, and wait on a {@link SpinBarrier} between batches.
 * Three barrier crossings per batch of one wave, none per example; nothing is
 * allocated per batch.
 */
final class GradientWorkers implements AutoCloseable {
    /** Padding between per-thread counters, so that threads do not share a cache line. */
    private static final int STRIDE = 16;
    /** At most this many doubles (32 MB) of block gradients kept for a wave of several blocks per thread. */
    static final long SLOT_BUDGET = 4L << 20;

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
    /** Per thread: whether its slice of the batch's sum holds a NaN or an infinity. */
    private final boolean[] nonFinite;
    /** Takes the step on the threads when it updates element by element; else null, and the caller steps. */
    private final Optimizer optimizer;
    /** Leave the summed gradient in the model after a step taken here, for the caller to measure and zero. */
    private final boolean keepGradients;
    private final SpinBarrier barrier;
    private final Thread[] threads;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int batchStart;
    private int batchEnd;
    private boolean closing;
    /** The caller changed the model's parameters: the other threads copy them before the next batch. */
    private boolean parametersChanged;
    private boolean copyParameters;
    private double learningRate;
    private boolean stepped;

    /**
     * Threads for batches of up to {@code batchSize} examples of {@code data}, visited in the order of the
     * live array {@code order}; {@code threadCount - 1} threads are started, each with a copy of {@code model}.
     */
    GradientWorkers(Model model, Dataset data, int[] order, int batchSize, int threadCount) {
        this(model, data, order, batchSize, threadCount, SLOT_BUDGET, null, false, null);
    }

    /**
     * As above, with at most {@code slotBudget} doubles of block buffers (small ones test waves of every shape),
     * and with {@code optimizer}, when it {@linkplain Optimizer#updatesElementWise updates element by element}, taking
     * each batch's step here; {@code keepGradients} leaves the batch's summed gradient in the model afterwards.
     * The copies of the model in {@code spareCopies} (from {@link #copies}, or null) are reused where they fit.
     */
    GradientWorkers(Model model, Dataset data, int[] order, int batchSize, int threadCount, long slotBudget,
                    Optimizer optimizer, boolean keepGradients, Model[] spareCopies) {
        this.model = model;
        this.optimizer = optimizer != null && optimizer.updatesElementWise() ? optimizer : null;
        this.keepGradients = keepGradients;
        this.nonFinite = new boolean[threadCount];
        this.data = data;
        this.order = order;
        this.threadCount = threadCount;
        this.replicas = new Model[threadCount];
        this.gradients = new double[threadCount][];
        this.blocks = new BlockBackward[threadCount];
        this.outputs = new double[threadCount][];
        for (int t = 0; t < threadCount; t++) {
            replicas[t] = t == 0 ? model : Replicas.copy(model, spareCopies, t);
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
     * gradients (zero beforehand) and returns their summed loss; with an element-wise optimiser, also takes the
     * step when the sum and loss are finite (see {@link #stepped}). Rethrows what any thread threw.
     */
    double accumulate(int start, int end) {
        batchStart = start;
        batchEnd = end;
        copyParameters = parametersChanged;
        parametersChanged = false;
        stepped = false;
        barrier.await(0);
        runBatch(0);
        Throwable thrown = failure.getAndSet(null);
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (stepped) {
            optimizer.endSplitStep();
        }
        return batchLoss(blockCount(end - start));
    }

    /**
     * {@return whether the last {@link #accumulate} took the optimiser's step} Then the model's gradients are
     * zero, unless kept for the caller; else they hold the batch's sum, and the step is the caller's to take.
     */
    boolean stepped() {
        return stepped;
    }

    /** Tells the threads that the caller changed the model's parameters (its own step), for their copies. */
    void parametersChanged() {
        parametersChanged = true;
    }

    /**
     * Waits for every thread to finish writing its slice of a step, before the caller reads the whole model;
     * the next {@link #accumulate} waits for them anyway.
     */
    void sync() {
        batchStart = 0;
        batchEnd = 0;
        barrier.await(0);
        // the second crossing: every thread has read the empty batch before the caller sets the next one
        barrier.await(0);
    }

    private double batchLoss(int blockCount) {
        double loss = 0.0;
        for (int b = 0; b < blockCount; b++) {
            loss += blockLosses[b];
        }
        return loss;
    }

    /** {@return the other threads' copies of the model, at their thread numbers (element 0, the model, is null)} */
    Model[] copies() {
        Model[] copies = replicas.clone();
        copies[0] = null;
        return copies;
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
        int size = batchEnd - batchStart;
        int blockCount = blockCount(size);
        if (blockCount == 0) {
            barrier.await(thread);   // sync()
            return;
        }
        if (thread > 0 && copyParameters) {
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
                addRange(sliceStart(thread), sliceStart(thread + 1), present, first == 0, false);
                barrier.await(thread);
            } else if (optimizer != null) {
                finishBatch(thread, present, first == 0, blockCount, size);
            } else if (thread == 0) {
                // the caller adds the last wave up alone, and steps: the others would wait for it anyway
                addRange(0, runningSum.length, present, first == 0, true);
            }
        }
    }

    /**
     * The batch's last wave with an element-wise optimiser: this thread's slice is summed and checked; after the
     * barrier every thread knows whether all slices, the loss and the threads were fine, and if so steps its
     * slice, zeroes its slice of the gradient and copies the new values to every other copy of the model.
     */
    private void finishBatch(int thread, int present, boolean firstWave, int blockCount, int size) {
        int from = sliceStart(thread);
        int to = sliceStart(thread + 1);
        double[] sum = gradients[0];
        addRange(from, to, present, firstWave, true);
        nonFinite[thread] = GradientMonitor.firstNonFinite(sum, from, to) >= 0;
        // read before the barrier: after it, the caller may already be clearing the failure and setting the next batch
        boolean fine = failure.get() == null && Double.isFinite(batchLoss(blockCount));
        if (thread == 0) {
            // here, not before the batch: another thread may still have been stepping with the last constants
            learningRate = optimizer.beginSplitStep(model);
        }
        barrier.await(thread);
        for (int t = 0; t < threadCount; t++) {
            fine &= !nonFinite[t];
        }
        if (!fine) {
            return;
        }
        double[] parameters = model.parameters();
        optimizer.updateSplit(parameters, sum, 1.0 / size, learningRate, from, to);
        if (!keepGradients) {
            Arrays.fill(sum, from, to, 0.0);
        }
        for (int t = 1; t < threadCount; t++) {
            System.arraycopy(parameters, from, replicas[t].parameters(), from, to - from);
        }
        if (thread == 0) {
            stepped = true;
        }
        if (keepGradients) {
            // the caller reads and zeroes the sum next, which the others may still be stepping from
            barrier.await(thread);
        }
    }

    /** Where thread {@code thread}'s slice of the parameters starts: slices meet on 64-byte lines. */
    private int sliceStart(int thread) {
        return thread == threadCount ? runningSum.length
                : (int) ((long) runningSum.length * thread / threadCount) & ~7;
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
            } else if (slots == null && r > 0) {
                // the block's gradient array is the next batch's too: zero it in the same pass
                for (int i = from; i < to; i++) {
                    sum[i] += block[i];
                    block[i] = 0.0;
                }
            } else {
                for (int i = from; i < to; i++) {
                    sum[i] += block[i];
                }
            }
        }
        if (lastWave && sum != gradients[0]) {
            System.arraycopy(sum, from, gradients[0], from, to - from);
        } else if (!lastWave && slots == null) {
            Arrays.fill(gradients[0], from, to, 0.0);
        }
    }
}
