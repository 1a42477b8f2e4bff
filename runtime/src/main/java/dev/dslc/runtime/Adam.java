package dev.dslc.runtime;

/**
 * Adam (Kingma and Ba, 2015), and AdamW's decoupled weight decay (Loshchilov
 * and Hutter, 2019) when {@code weightDecay > 0}. With {@code g} the mean
 * gradient, {@code t} the step number from 1, and {@code m, v} initially zero:
 * <pre>
 *   p -= lr * weightDecay * p                       (AdamW only, before the rest)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 * The decay is scaled by the scheduled learning rate, as in PyTorch's
 * {@code AdamW}. Gradients are zeroed after each step; see {@link Optimizer}
 * for batching.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);
 * Optimizer adamW = Adam.adamW(LearningRateSchedule.cosine(1e-3, 0, 10_000), 0.01);
 * model.backward(x, y);
 * adam.step(model);
 * }</pre>
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private double[] firstMoment;
    private double[] secondMoment;
    // beta^t, carried from step to step rather than recomputed with Math.pow
    private double beta1Power;
    private double beta2Power;
    // the step in hand: its powers (kept by commitElements) and the constants every element uses
    private double nextBeta1Power;
    private double nextBeta2Power;
    private double firstCorrection;
    private double secondCorrection;
    private double decay;

    /**
     * Adam with the paper's defaults (0.9, 0.999, 1e-8) and a constant learning rate.
     *
     * @param learningRate the step size, 0.001 in the paper
     */
    public Adam(double learningRate) {
        this(LearningRateSchedule.constant(learningRate));
    }

    /**
     * Adam with the paper's defaults (0.9, 0.999, 1e-8) and a learning-rate schedule.
     *
     * @param schedule the learning rate of each step
     */
    public Adam(LearningRateSchedule schedule) {
        this(schedule, 0.9, 0.999, 1e-8, 0.0);
    }

    /**
     * Adam with every constant given; {@code weightDecay > 0} makes it AdamW.
     *
     * @param schedule    the learning rate of each step
     * @param beta1       the decay of the gradient's running mean, in [0, 1)
     * @param beta2       the decay of the squared gradient's running mean, in [0, 1)
     * @param epsilon     added to the root of the second moment, greater than 0
     * @param weightDecay the decoupled weight decay per unit of learning rate, 0 or more
     */
    public Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon, double weightDecay) {
        super(schedule);
        requireInUnitInterval(beta1, "beta1");
        requireInUnitInterval(beta2, "beta2");
        if (!(epsilon > 0.0) || !(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(
                    "epsilon must be positive and weight decay finite and >= 0, were " + epsilon + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /**
     * AdamW with the paper's defaults for the betas and epsilon and a constant learning rate.
     *
     * @param learningRate the step size
     * @param weightDecay  the decoupled weight decay per unit of learning rate, 0 or more
     * @return the optimiser
     */
    public static Adam adamW(double learningRate, double weightDecay) {
        return adamW(LearningRateSchedule.constant(learningRate), weightDecay);
    }

    /**
     * AdamW with the paper's defaults for the betas and epsilon and a learning-rate schedule.
     *
     * @param schedule    the learning rate of each step
     * @param weightDecay the decoupled weight decay per unit of learning rate, 0 or more
     * @return the optimiser
     */
    public static Adam adamW(LearningRateSchedule schedule, double weightDecay) {
        return new Adam(schedule, 0.9, 0.999, 1e-8, weightDecay);
    }

    @Override
    protected void update(double[] parameters, double[] gradients, double gradientScale,
                          double learningRate, long step) {
        updateAllElements(parameters, gradients, gradientScale, learningRate);
    }

    @Override
    boolean updatesElementWise() {
        return true;
    }

    @Override
    void prepareElements(double learningRate) {
        nextBeta1Power = beta1Power * beta1;
        nextBeta2Power = beta2Power * beta2;
        firstCorrection = 1.0 - nextBeta1Power;
        secondCorrection = 1.0 - nextBeta2Power;
        decay = 1.0 - learningRate * weightDecay;
    }

    @Override
    void updateElements(double[] parameters, double[] gradients, double gradientScale, double learningRate,
                        int start, int end) {
        double firstCorrection = this.firstCorrection;
        double secondCorrection = this.secondCorrection;
        double decay = this.decay;
        for (int i = start; i < end; i++) {
            double g = gradients[i] * gradientScale;
            double m = beta1 * firstMoment[i] + (1.0 - beta1) * g;
            double v = beta2 * secondMoment[i] + (1.0 - beta2) * g * g;
            firstMoment[i] = m;
            secondMoment[i] = v;
            double p = weightDecay == 0.0 ? parameters[i] : parameters[i] * decay;
            parameters[i] = p - learningRate * (m / firstCorrection) / (Math.sqrt(v / secondCorrection) + epsilon);
        }
    }

    @Override
    void commitElements() {
        beta1Power = nextBeta1Power;
        beta2Power = nextBeta2Power;
    }

    @Override
    protected void allocate(int parameterCount) {
        firstMoment = new double[parameterCount];
        secondMoment = new double[parameterCount];
        beta1Power = 1.0;
        beta2Power = 1.0;
    }

    @Override
    protected void release() {
        firstMoment = null;
        secondMoment = null;
    }

    private static void requireInUnitInterval(double beta, String name) {
        if (!(beta >= 0.0 && beta < 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), was " + beta);
        }
    }
}
