package dev.dslc.benchmarks;

/**
 * The tape baseline: the benchmark network on {@link Value}s, a node per
 * scalar operation, the graph rebuilt for each example, then plain SGD on
 * the parameter nodes, micrograd's training loop.
 */
final class TapeMlp {
    private final int[] sizes;
    private final Value[][][] w;
    private final Value[][] b;
    private final Value[] parameters;
    private final Shape shape;

    /** Takes its initial weights from a flat array laid out like a generated model's (W1, b1, W2, b2, ...). */
    TapeMlp(Shape shape, double[] initial) {
        this.shape = shape;
        sizes = shape.sizes();
        int layers = sizes.length - 1;
        w = new Value[layers][][];
        b = new Value[layers][];
        parameters = new Value[initial.length];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = new Value[sizes[l + 1]][sizes[l]];
            for (int i = 0; i < sizes[l + 1]; i++) {
                for (int j = 0; j < sizes[l]; j++) {
                    w[l][i][j] = parameters[offset] = new Value(initial[offset]);
                    offset++;
                }
            }
            b[l] = new Value[sizes[l + 1]];
            for (int i = 0; i < sizes[l + 1]; i++) {
                b[l][i] = parameters[offset] = new Value(initial[offset]);
                offset++;
            }
        }
    }

    /** The parameters' values, laid out as a generated model's (W1, b1, W2, b2, ...). */
    double[] flatParameters() {
        double[] flat = new double[parameters.length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = parameters[i].data;
        }
        return flat;
    }

    /** One SGD step on one example; returns the loss before the update. */
    double step(double[] x, double[] y, double learningRate) {
        Value[] activations = new Value[x.length];
        for (int j = 0; j < x.length; j++) {
            activations[j] = new Value(x[j]);
        }
        for (int l = 0; l < w.length; l++) {
            Value[] z = new Value[sizes[l + 1]];
            for (int i = 0; i < z.length; i++) {
                Value sum = b[l][i];
                for (int j = 0; j < activations.length; j++) {
                    sum = sum.add(w[l][i][j].mul(activations[j]));
                }
                z[i] = l + 1 < w.length ? activate(sum) : sum;
            }
            activations = z;
        }
        Value loss = loss(activations, y);
        loss.backward();
        for (Value p : parameters) {
            p.data -= learningRate * p.grad;
            p.grad = 0.0;
        }
        return loss.data;
    }

    private Value activate(Value z) {
        switch (shape.hidden) {
            case SIGMOID:
                return z.sigmoid();
            case TANH:
                return z.tanh();
            default:
                return z.relu();
        }
    }

    private Value loss(Value[] z, double[] y) {
        switch (shape.output) {
            case HALF_SQUARED_ERROR: {
                Value sum = new Value(0.0);
                for (int i = 0; i < z.length; i++) {
                    Value e = z[i].sigmoid().sub(new Value(y[i]));
                    sum = sum.add(e.mul(e));
                }
                return sum.mul(new Value(0.5));
            }
            case BINARY_CROSS_ENTROPY: {
                Value sum = new Value(0.0);
                Value one = new Value(1.0);
                for (int i = 0; i < z.length; i++) {
                    Value p = z[i].sigmoid();
                    Value t = new Value(y[i]);
                    sum = sum.add(t.mul(p.log()).add(one.sub(t).mul(one.sub(p).log())));
                }
                return sum.neg().mul(new Value(1.0 / z.length));
            }
            default: {
                double max = Double.NEGATIVE_INFINITY;
                for (Value v : z) {
                    max = Math.max(max, v.data);
                }
                Value shift = new Value(max);
                Value sum = new Value(0.0);
                for (Value v : z) {
                    sum = sum.add(v.sub(shift).exp());
                }
                Value logSum = sum.log().add(shift);
                Value loss = new Value(0.0);
                for (int i = 0; i < z.length; i++) {
                    loss = loss.add(new Value(y[i]).mul(logSum.sub(z[i])));
                }
                return loss;
            }
        }
    }
}
