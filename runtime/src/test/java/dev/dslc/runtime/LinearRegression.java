package dev.dslc.runtime;

/** y = w . x + b, loss = (y - t)^2 / 2, so dL/dw = (y - t) x and dL/db = y - t. */
final class LinearRegression extends TestModel {
    private final int n;

    LinearRegression(int n) {
        super(n, 1, 1, "w", new int[] {n}, "b", new int[0]);
        this.n = n;
    }

    @Override
    public void forward(double[] input, double[] output) {
        output[0] = predict(input);
    }

    @Override
    public double loss(double[] input, double[] target) {
        double error = predict(input) - target[0];
        return 0.5 * error * error;
    }

    @Override
    public double backward(double[] input, double[] target) {
        double error = predict(input) - target[0];
        for (int i = 0; i < n; i++) {
            gradients[i] += error * input[i];
        }
        gradients[n] += error;
        return 0.5 * error * error;
    }

    private double predict(double[] input) {
        double y = parameters[n];
        for (int i = 0; i < n; i++) {
            y += parameters[i] * input[i];
        }
        return y;
    }
}
