package dev.dslc.runtime;

/**
 * loss = sum a_i (p_i - c_i)^2 / 2 whatever the input, so dL/dp_i = a_i (p_i - c_i)
 * and the minimum is at c. The parameters are split into two named halves,
 * "first" and "last", so tests can give them very different curvatures.
 */
final class Quadratic extends TestModel {
    private final double[] curvature;
    private final double[] centre;

    Quadratic(double[] curvature, double[] centre) {
        super(0, 1, 1, "first", new int[] {curvature.length / 2},
                "last", new int[] {curvature.length - curvature.length / 2});
        this.curvature = curvature.clone();
        this.centre = centre.clone();
    }

    @Override
    public void forward(double[] input, double[] output) {
        output[0] = loss(input, null);
    }

    @Override
    public double loss(double[] input, double[] target) {
        double loss = 0.0;
        for (int i = 0; i < parameters.length; i++) {
            double d = parameters[i] - centre[i];
            loss += 0.5 * curvature[i] * d * d;
        }
        return loss;
    }

    @Override
    public double backward(double[] input, double[] target) {
        for (int i = 0; i < parameters.length; i++) {
            gradients[i] += curvature[i] * (parameters[i] - centre[i]);
        }
        return loss(input, target);
    }

    /** The largest distance of any parameter from its minimum. */
    double distanceFromMinimum() {
        double distance = 0.0;
        for (int i = 0; i < parameters.length; i++) {
            distance = Math.max(distance, Math.abs(parameters[i] - centre[i]));
        }
        return distance;
    }
}
