package dev.dslc.runtime;

import java.util.List;

/** Passes every call to another model; tests override the calls they want to break or watch. */
class ForwardingModel implements Model {
    protected final Model model;

    ForwardingModel(Model model) {
        this.model = model;
    }

    @Override
    public double backward(double[] input, double[] target) {
        return model.backward(input, target);
    }

    @Override
    public int inputSize() {
        return model.inputSize();
    }

    @Override
    public int outputSize() {
        return model.outputSize();
    }

    @Override
    public int targetSize() {
        return model.targetSize();
    }

    @Override
    public int parameterCount() {
        return model.parameterCount();
    }

    @Override
    public double[] parameters() {
        return model.parameters();
    }

    @Override
    public double[] gradients() {
        return model.gradients();
    }

    @Override
    public void forward(double[] input, double[] output) {
        model.forward(input, output);
    }

    @Override
    public double loss(double[] input, double[] target) {
        return model.loss(input, target);
    }

    @Override
    public void zeroGradients() {
        model.zeroGradients();
    }

    @Override
    public List<Parameter> parameterLayout() {
        return model.parameterLayout();
    }
}
