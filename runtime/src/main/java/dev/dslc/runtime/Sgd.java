package dev.dslc.runtime;

/**
 * Stochastic gradient descent, optionally with momentum, in the convention of
 * PyTorch and Sutskever et al. (2013). With {@code g} the mean gradient and
 * {@code v} the velocity (initially zero):
 * <pre>
 *   plain:     p -= lr * g
 *   momentum:  v = momentum * v + g;  p -= lr * v
 *   Nesterov:  v = momentum * v + g;  p -= lr * (g + momentum * v)
 * </pre>
 * Gradients are zeroed after each step; see {@link Optimizer} for batching.
 *
 * <pre>{@code
 * Sgd sgd = new Sgd(0.5);
 * model.backward(x, y);
 * sgd.step(model);
 *
 * Optimizer nesterov = Sgd.nesterov(LearningRateSchedule.stepDecay(0.1, 0.5, 1000), 0.9);
 * }</pre>
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private double[] velocity;

    /**
     * Plain SGD with a constant learning rate.
     *
     * @param learningRate the step size, constant
     */
    public Sgd(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0.0);
    }

    /**
     * Heavy-ball momentum with a constant learning rate.
     *
     * @param learningRate the step size, constant
     * @param momentum     the fraction of the last step carried into the next, in [0, 1)
     */
    public Sgd(double learningRate, double momentum) {
        this(LearningRateSchedule.constant(learningRate), momentum);
    }

    /**
     * Heavy-ball momentum (0 for plain SGD) with a learning-rate schedule.
     *
     * @param schedule the learning rate of each step
     * @param momentum the fraction of the last step carried into the next, in [0, 1)
     */
    public Sgd(LearningRateSchedule schedule, double momentum) {
        this(schedule, momentum, false);
    }

    private Sgd(LearningRateSchedule schedule, double momentum, boolean nesterov) {
        super(schedule);
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    /**
     * Nesterov momentum with a constant learning rate.
     *
     * @param learningRate the step size, constant
     * @param momentum     the fraction of the last step carried into the next, in [0, 1)
     * @return the optimiser
     */
    public static Sgd nesterov(double learningRate, double momentum) {
        return nesterov(LearningRateSchedule.constant(learningRate), momentum);
    }

    /**
     * Nesterov momentum with a learning-rate schedule.
     *
     * @param schedule the learning rate of each step
     * @param momentum the fraction of the last step carried into the next, in [0, 1)
     * @return the optimiser
     */
    public static Sgd nesterov(LearningRateSchedule schedule, double momentum) {
        return new Sgd(schedule, momentum, true);
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
    void updateElements(double[] parameters, double[] gradients, double gradientScale, double learningRate,
                        int start, int end) {
        if (momentum == 0.0) {
            plainUpdate(parameters, gradients, gradientScale, learningRate, start, end);
        } else {
            momentumUpdate(parameters, gradients, gradientScale, learningRate, start, end);
        }
    }

    private void momentumUpdate(double[] parameters, double[] gradients, double gradientScale,
                                double learningRate, int start, int end) {
        for (int i = start; i < end; i++) {
            double g = gradients[i] * gradientScale;
            double v = momentum * velocity[i] + g;
            velocity[i] = v;
            parameters[i] -= learningRate * (nesterov ? g + momentum * v : v);
        }
    }

    private static void plainUpdate(double[] parameters, double[] gradients, double gradientScale,
                                    double learningRate, int start, int end) {
        for (int i = start; i < end; i++) {
            parameters[i] -= learningRate * (gradients[i] * gradientScale);
        }
    }

    @Override
    protected boolean updatesLikePlainSgd() {
        return momentum == 0.0;
    }

    // Plain SGD keeps no velocity: a NaN gradient once must not poison every later step.
    @Override
    protected void allocate(int parameterCount) {
        velocity = momentum == 0.0 ? null : new double[parameterCount];
    }

    @Override
    protected void release() {
        velocity = null;
    }
}
