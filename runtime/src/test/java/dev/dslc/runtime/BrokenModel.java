package dev.dslc.runtime;

/** Wraps a correct model and adds {@code error} to one element of every gradient it computes. */
class BrokenModel extends ForwardingModel {
    private final int wrongIndex;
    private final double error;

    BrokenModel(Model model, int wrongIndex, double error) {
        super(model);
        this.wrongIndex = wrongIndex;
        this.error = error;
    }

    @Override
    public double backward(double[] input, double[] target) {
        double loss = model.backward(input, target);
        model.gradients()[wrongIndex] += error;
        return loss;
    }
}
