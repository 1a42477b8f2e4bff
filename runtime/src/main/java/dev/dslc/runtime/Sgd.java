package dev.dslc.runtime;

/**
 * Plain stochastic gradient descent: {@code p -= learningRate * g}, then the
 * gradients are zeroed. Allocation-free.
 *
 * <pre>{@code
 * Sgd sgd = new Sgd(0.5);
 * model.backward(x, y);
 * sgd.step(model);
 * }</pre>
 */
public final class Sgd {
    private final double learningRate;

    public Sgd(double learningRate) {
        this.learningRate = learningRate;
    }

    /** Applies one update from the accumulated gradients and clears them. */
    public void step(Model model) {
        double[] parameters = model.parameters();
        double[] gradients = model.gradients();
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] -= learningRate * gradients[i];
        }
        model.zeroGradients();
    }
}
