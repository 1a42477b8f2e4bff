package dev.dslc.runtime;

import java.util.List;

/**
 * A differentiable model compiled by dslc. Generated classes implement it with
 * straight-line, allocation-free code specialised to one {@code .nn} file.
 *
 * <pre>{@code
 * Model model = new Xor(42L);
 * double loss = model.backward(input, target);   // adds dLoss/dParameters into gradients()
 * double[] p = model.parameters(), g = model.gradients();
 * for (int i = 0; i < p.length; i++) p[i] -= 0.1 * g[i];
 * model.zeroGradients();
 * }</pre>
 *
 * <p>Instances are not thread-safe: use one per thread.
 */
public interface Model {

    /** Length of the input array: all inputs, in declaration order, row-major. */
    int inputSize();

    /** Length of the output array written by {@link #forward}. */
    int outputSize();

    /** Length of the target array: all targets, in declaration order, row-major. */
    int targetSize();

    /** Number of trainable parameters; the length of {@link #parameters()} and {@link #gradients()}. */
    int parameterCount();

    /** The live parameter array, in declaration order, row-major. Writes change the model. */
    double[] parameters();

    /** The live gradient accumulator, laid out like {@link #parameters()}. */
    double[] gradients();

    /** Computes the model's output for {@code input} into {@code output}. */
    void forward(double[] input, double[] output);

    /** Computes the scalar loss for one example. */
    double loss(double[] input, double[] target);

    /** Adds dLoss/dParameters for one example into {@link #gradients()} and returns the loss. */
    double backward(double[] input, double[] target);

    /** Sets every element of {@link #gradients()} to zero. */
    void zeroGradients();

    /** Where each named parameter lives in {@link #parameters()}, in declaration order. */
    List<Parameter> parameterLayout();
}
