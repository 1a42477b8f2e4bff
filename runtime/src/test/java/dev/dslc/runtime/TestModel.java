package dev.dslc.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bookkeeping every hand-written test model shares: flat arrays and a layout. */
abstract class TestModel implements Model {
    private final int inputSize;
    private final int outputSize;
    private final int targetSize;
    private final List<Parameter> layout;
    protected final double[] parameters;
    protected final double[] gradients;

    /** {@code shapes} alternates names and int[] shapes: "w", new int[] {3}, "b", new int[0]. */
    TestModel(int inputSize, int outputSize, int targetSize, Object... shapes) {
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.targetSize = targetSize;
        List<Parameter> parameters = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < shapes.length; i += 2) {
            Parameter parameter = new Parameter((String) shapes[i], offset, (int[]) shapes[i + 1]);
            parameters.add(parameter);
            offset += parameter.size();
        }
        this.layout = List.copyOf(parameters);
        this.parameters = new double[offset];
        this.gradients = new double[offset];
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public double[] parameters() {
        return parameters;
    }

    @Override
    public double[] gradients() {
        return gradients;
    }

    @Override
    public void zeroGradients() {
        Arrays.fill(gradients, 0.0);
    }

    @Override
    public List<Parameter> parameterLayout() {
        return layout;
    }

    /** Sets the parameters, for tests that start from a known point. */
    TestModel with(double... values) {
        System.arraycopy(values, 0, parameters, 0, values.length);
        return this;
    }
}
