package dev.dslc.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Sums the gradients of a block of up to {@value #BLOCK_SIZE} examples into a
 * model's {@link Model#gradients()}, in one call of the generated
 * {@code backwardBatch} (docs/backward-batch.md) when the model's class has
 * one, else by calling {@link Model#backward} on each example in turn.
 * Examples are copied into the block as they are added, so it allocates
 * nothing after construction. The parallel {@link Trainer} and dslc-spark cut
 * mini-batches into such blocks: the block, not the thread or the machine, is
 * the unit whose gradient is summed, so the result does not depend on how the
 * blocks were shared out.
 *
 * <pre>{@code
 * BlockBackward block = new BlockBackward(model);
 * double loss = 0;
 * for (int i = 0; i < n; i++) {
 *     block.add(inputs[i], targets[i]);
 *     if (block.isFull()) {
 *         loss += block.flush();
 *     }
 * }
 * loss += block.flush();   // model.gradients() now holds the sum over the n examples
 * }</pre>
 *
 * <p>{@code backwardBatch} is not part of {@link Model} (a generated class's
 * own method, see INTERFACES.md), so it is found once, by name, through a
 * public method handle; a class without it, or one that is not public, falls
 * back on {@code backward}. Not thread-safe, like the model.
 */
public final class BlockBackward {
    /** Examples per block: the block of the generated {@code backwardBatch}, whose kernels run 32 examples wide. */
    public static final int BLOCK_SIZE = 32;

    private static final MethodType BATCH_TYPE =
            MethodType.methodType(double.class, double[].class, double[].class, int.class);
    private static final MethodType CALL_TYPE =
            MethodType.methodType(double.class, Model.class, double[].class, double[].class, int.class);

    private final Model model;
    private final MethodHandle backwardBatch;
    private final int inputSize;
    private final int targetSize;
    private final double[] inputs;
    private final double[] targets;
    private final double[][] inputRows;
    private final double[][] targetRows;
    private int count;

    /**
     * A block that sums into {@code model}'s gradients.
     *
     * @param model the model whose gradients the block adds into
     */
    public BlockBackward(Model model) {
        this.model = model;
        this.backwardBatch = findBackwardBatch(model.getClass());
        this.inputSize = model.inputSize();
        this.targetSize = model.targetSize();
        boolean packed = backwardBatch != null;
        this.inputs = new double[packed ? BLOCK_SIZE * inputSize : 0];
        this.targets = new double[packed ? BLOCK_SIZE * targetSize : 0];
        this.inputRows = new double[packed ? 0 : BLOCK_SIZE][];
        this.targetRows = new double[packed ? 0 : BLOCK_SIZE][];
    }

    /** {@return whether the model's own {@code backwardBatch} does the work (else {@code backward}, once per example)} */
    public boolean batched() {
        return backwardBatch != null;
    }

    /** {@return the model whose gradients the block adds into} */
    public Model model() {
        return model;
    }

    /**
     * Holds one more example; the block must not be full. The rows are read now or at the next flush.
     *
     * @param input  the example's input
     * @param target the example's target
     */
    public void add(double[] input, double[] target) {
        if (count == BLOCK_SIZE) {
            throw new IllegalStateException("the block is full: flush() it first");
        }
        if (backwardBatch != null) {
            System.arraycopy(input, 0, inputs, count * inputSize, inputSize);
            System.arraycopy(target, 0, targets, count * targetSize, targetSize);
        } else {
            inputRows[count] = input;
            targetRows[count] = target;
        }
        count++;
    }

    /** {@return true when it holds {@value #BLOCK_SIZE} examples} */
    public boolean isFull() {
        return count == BLOCK_SIZE;
    }

    /** {@return how many examples it holds} */
    public int size() {
        return count;
    }

    /** {@return the summed loss of the held examples}, after adding their summed gradient into the model's gradients and emptying the block */
    public double flush() {
        int n = count;
        count = 0;
        if (backwardBatch != null) {
            try {
                return (double) backwardBatch.invokeExact(model, inputs, targets, n);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("backwardBatch of " + model.getClass().getName() + " failed", e);
            }
        }
        double loss = 0.0;
        for (int i = 0; i < n; i++) {
            loss += model.backward(inputRows[i], targetRows[i]);
            inputRows[i] = null;
            targetRows[i] = null;
        }
        return loss;
    }

    private static MethodHandle findBackwardBatch(Class<?> type) {
        return BACKWARD_BATCH.get(type).orElse(null);
    }

    /**
     * Each class's {@code backwardBatch}, looked up once: a lookup costs tens of microseconds, and the parallel
     * trainer makes a block per thread for every {@code train} call, where a program that trains one epoch per call
     * on a small model spends a few milliseconds a call.
     */
    private static final ClassValue<Optional<MethodHandle>> BACKWARD_BATCH = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            try {
                return Optional.of(MethodHandles.publicLookup().findVirtual(type, "backwardBatch", BATCH_TYPE)
                        .asType(CALL_TYPE));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return Optional.empty();
            }
        }
    };
}
