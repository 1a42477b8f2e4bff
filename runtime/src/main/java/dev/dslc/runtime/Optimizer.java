package dev.dslc.runtime;

/**
 * Updates a model's {@link Model#parameters()} in place from its accumulated
 * {@link Model#gradients()}, then zeroes the gradients. Per-parameter state
 * (momentum, moment estimates) is allocated on the first step and reused, so
 * steps after the first allocate nothing.
 *
 * <p>{@link Model#backward} <em>adds</em> each example's gradient, so after a
 * mini-batch of {@code n} examples the accumulator holds their sum.
 * {@link #step(Model, int) step(model, n)} divides it by {@code n} before
 * use: the update follows the mean gradient, and the learning rate does not
 * have to change with the batch size.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);
 * for (int i = 0; i < batch.length; i++) {
 *     model.backward(inputs[batch[i]], targets[batch[i]]);
 * }
 * adam.step(model, batch.length);   // mean gradient; gradients are zero afterwards
 * }</pre>
 *
 * <p>An optimiser keeps state for one model; not thread-safe. {@link Lbfgs}
 * is not one: it needs the whole training set's loss at points of its own
 * choosing, so it drives the evaluations itself ({@link Trainer#lbfgsBuilder}).
 */
public abstract class Optimizer {
    private final LearningRateSchedule schedule;
    private long steps;
    private int boundParameterCount = -1;
    private int[] trainableRanges;

    /** @param schedule the learning rate of each step */
    protected Optimizer(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("learning-rate schedule is null");
        }
        this.schedule = schedule;
    }

    /**
     * One update from the gradient of a single example (or an already averaged one).
     *
     * @param model the model whose {@link Model#gradients()} hold the gradient; zero afterwards
     */
    public final void step(Model model) {
        step(model, 1);
    }

    /**
     * One update from the gradients of {@code batchSize} examples summed by {@code backward}: uses their mean.
     *
     * @param model     the model whose {@link Model#gradients()} hold the sum; zero afterwards
     * @param batchSize how many examples were summed, at least 1
     */
    public final void step(Model model, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        double[] parameters = model.parameters();
        double[] gradients = model.gradients();
        bind(model, parameters.length);
        update(parameters, gradients, 1.0 / batchSize, schedule.rate(steps), steps + 1);
        steps++;
        model.zeroGradients();
    }

    /**
     * One update from one example: {@code model.backward(input, target)} then
     * {@link #step(Model) step(model)}, for a model whose gradients are zero
     * beforehand (as after any step); returns the loss. Plain SGD does both in
     * one pass over the weights, through {@link Model#sgdStep}.
     *
     * @param model  the model to update
     * @param input  the example's input
     * @param target the example's target
     * @return the loss before the update
     */
    public final double step(Model model, double[] input, double[] target) {
        if (!updatesLikePlainSgd()) {
            double loss = model.backward(input, target);
            step(model);
            return loss;
        }
        bind(model, model.parameterCount());
        double loss = model.sgdStep(input, target, schedule.rate(steps));
        steps++;
        return loss;
    }

    /** {@return true when {@link #update} is {@code p -= learningRate * g}, which a model can fuse into its backward pass} */
    protected boolean updatesLikePlainSgd() {
        return false;
    }

    /** {@return how many updates have been applied} */
    public final long stepCount() {
        return steps;
    }

    /** {@return the learning rate the next step will use} */
    public final double nextLearningRate() {
        return schedule.rate(steps);
    }

    /** Forgets all state, as if newly constructed, so the optimiser can start again, possibly on another model. */
    public final void reset() {
        steps = 0;
        boundParameterCount = -1;
        trainableRanges = null;
        release();
    }

    /**
     * Applies one update. {@code gradients[i] * gradientScale} is the mean
     * gradient; {@code step} counts from 1 (Adam's bias correction needs it).
     * Only the elements in {@link #trainableRanges()} may change: the others
     * belong to the model's constants. Must not allocate once
     * {@link #allocate} has run.
     *
     * @param parameters    the model's live parameters, to update in place
     * @param gradients     the model's summed gradients; left for the caller to zero
     * @param gradientScale 1 / the batch size
     * @param learningRate  this step's rate from the schedule
     * @param step          the number of this update, from 1
     */
    protected abstract void update(double[] parameters, double[] gradients,
                                   double gradientScale, double learningRate, long step);

    /**
     * Creates per-parameter state.
     *
     * @param parameterCount the model's number of parameters
     */
    protected abstract void allocate(int parameterCount);

    /** Drops per-parameter state. */
    protected abstract void release();

    /**
     * The parameter elements an update may change, as {@code [start, end)}
     * pairs: {@code [start0, end0, start1, end1, ...]}, ascending. Everything
     * but the model's non-{@linkplain Parameter#trainable() trainable}
     * parameters; taken from the layout once, when the optimiser first meets
     * the model. Valid from the first step; the array is not to be changed.
     *
     * @return the ranges, two ints each
     */
    protected final int[] trainableRanges() {
        return trainableRanges;
    }

    /**
     * Whether {@link #update} changes each element from that element's own
     * state alone, after {@link #prepareElements} has fixed the step's
     * constants: then the parallel trainer has each of its threads update one
     * slice of the parameters ({@link #beginSplitStep}), with the result
     * {@code update} would give. Only the runtime's own optimisers say so; a
     * subclass elsewhere keeps the one-thread step.
     */
    boolean updatesElementWise() {
        return false;
    }

    /** Works out the constants of the next step (nothing lasting: {@link #commitElements} keeps them). */
    void prepareElements(double learningRate) {
    }

    /** Updates elements {@code [start, end)}, all trainable, with the constants {@link #prepareElements} set. */
    void updateElements(double[] parameters, double[] gradients, double gradientScale, double learningRate,
                        int start, int end) {
        throw new UnsupportedOperationException(getClass().getName() + " updates the parameters as a whole");
    }

    /** Keeps what the step prepared changes in the optimiser's own state (Adam's powers of beta). */
    void commitElements() {
    }

    /**
     * Readies a step split across threads (see {@link #updatesElementWise}): binds the optimiser to {@code model}
     * and prepares the step's constants; returns its learning rate. Each thread then calls {@link #updateSplit} on
     * its slice, and, if the step is taken, one calls {@link #endSplitStep}; a step not taken leaves no trace.
     */
    final double beginSplitStep(Model model) {
        bind(model, model.parameterCount());
        double learningRate = schedule.rate(steps);
        prepareElements(learningRate);
        return learningRate;
    }

    /** The step on the trainable elements of {@code [from, to)}; several threads may call it on disjoint ranges. */
    final void updateSplit(double[] parameters, double[] gradients, double gradientScale, double learningRate,
                           int from, int to) {
        int[] ranges = trainableRanges;
        for (int r = 0; r < ranges.length; r += 2) {
            int start = Math.max(ranges[r], from);
            int end = Math.min(ranges[r + 1], to);
            if (start < end) {
                updateElements(parameters, gradients, gradientScale, learningRate, start, end);
            }
        }
    }

    /** Counts the split step as taken; the gradients are the caller's to zero. */
    final void endSplitStep() {
        commitElements();
        steps++;
    }

    /** {@link #update} of an element-wise optimiser: the same three phases on the one thread. */
    final void updateAllElements(double[] parameters, double[] gradients, double gradientScale,
                                 double learningRate) {
        prepareElements(learningRate);
        updateSplit(parameters, gradients, gradientScale, learningRate, 0, parameters.length);
        commitElements();
    }

    private void bind(Model model, int parameterCount) {
        if (boundParameterCount == parameterCount) {
            return;
        }
        if (boundParameterCount >= 0) {
            throw new IllegalStateException("this optimiser holds state for a model of " + boundParameterCount
                    + " parameters, not " + parameterCount + "; use one optimiser per model, or reset() it");
        }
        trainableRanges = TrainableRanges.of(model.parameterLayout(), parameterCount);
        allocate(parameterCount);
        boundParameterCount = parameterCount;
    }
}
