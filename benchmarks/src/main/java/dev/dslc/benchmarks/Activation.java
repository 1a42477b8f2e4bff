package dev.dslc.benchmarks;

/** A hidden layer's activation, as the baselines compute it and its derivative from its output. */
enum Activation {
    SIGMOID, TANH, RELU;

    double apply(double z) {
        switch (this) {
            case SIGMOID:
                return 1.0 / (1.0 + Math.exp(-z));
            case TANH:
                return Math.tanh(z);
            default:
                return z > 0.0 ? z : 0.0;
        }
    }

    /** f'(z) written with a = f(z), as every hand-written backprop does. */
    double derivativeFromOutput(double a) {
        switch (this) {
            case SIGMOID:
                return a * (1.0 - a);
            case TANH:
                return 1.0 - a * a;
            default:
                return a > 0.0 ? 1.0 : 0.0;
        }
    }
}
