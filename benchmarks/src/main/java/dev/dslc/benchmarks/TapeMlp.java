package dev.dslc.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The tape baseline: the benchmark network on scalar autodiff nodes, a node
 * per operation, the graph rebuilt for each example, then plain SGD on the
 * parameter nodes: micrograd's training loop. With {@link MicrogradValue}
 * it is micrograd as written; with {@link Value}, the same algorithm tuned.
 *
 * <pre>{@code
 * TapeMlp<Value> tape = TapeMlp.tuned(Shape.S4_16_3, model.parameters());
 * double loss = tape.step(x, y, 0.01);
 * }</pre>
 */
final class TapeMlp<V extends TapeValue<V>> {
    private final Shape shape;
    private final int[] sizes;
    private final DoubleFunction<V> constant;
    private final List<List<List<V>>> w = new ArrayList<>();
    private final List<List<V>> b = new ArrayList<>();
    private final List<V> parameters = new ArrayList<>();

    /** Takes its initial weights from a flat array laid out like a generated model's (W1, b1, W2, b2, ...). */
    TapeMlp(Shape shape, double[] initial, DoubleFunction<V> constant) {
        this.shape = shape;
        this.sizes = shape.sizes();
        this.constant = constant;
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            List<List<V>> layer = new ArrayList<>();
            for (int i = 0; i < sizes[l + 1]; i++) {
                List<V> row = new ArrayList<>();
                for (int j = 0; j < sizes[l]; j++) {
                    row.add(parameter(initial[offset++]));
                }
                layer.add(row);
            }
            w.add(layer);
            List<V> bias = new ArrayList<>();
            for (int i = 0; i < sizes[l + 1]; i++) {
                bias.add(parameter(initial[offset++]));
            }
            b.add(bias);
        }
    }

    static TapeMlp<MicrogradValue> micrograd(Shape shape, double[] initial) {
        return new TapeMlp<>(shape, initial, MicrogradValue::new);
    }

    static TapeMlp<Value> tuned(Shape shape, double[] initial) {
        return new TapeMlp<>(shape, initial, Value::new);
    }

    private V parameter(double value) {
        V node = constant.apply(value);
        parameters.add(node);
        return node;
    }

    /** The parameters' values, laid out as a generated model's (W1, b1, W2, b2, ...). */
    double[] flatParameters() {
        return parameters.stream().mapToDouble(TapeValue::value).toArray();
    }

    /** One SGD step on one example; returns the loss before the update. */
    double step(double[] x, double[] y, double learningRate) {
        List<V> activations = new ArrayList<>();
        for (double xj : x) {
            activations.add(constant.apply(xj));
        }
        for (int l = 0; l < w.size(); l++) {
            List<V> z = new ArrayList<>();
            for (int i = 0; i < sizes[l + 1]; i++) {
                V sum = b.get(l).get(i);
                List<V> row = w.get(l).get(i);
                for (int j = 0; j < activations.size(); j++) {
                    sum = sum.add(row.get(j).mul(activations.get(j)));
                }
                z.add(l + 1 < w.size() ? activate(sum) : sum);
            }
            activations = z;
        }
        V loss = loss(activations, y);
        loss.backward();
        for (V p : parameters) {
            p.update(learningRate);
        }
        return loss.value();
    }

    private V activate(V z) {
        switch (shape.hidden) {
            case SIGMOID:
                return z.sigmoid();
            case TANH:
                return z.tanh();
            default:
                return z.relu();
        }
    }

    private V loss(List<V> z, double[] y) {
        switch (shape.output) {
            case HALF_SQUARED_ERROR: {
                V sum = constant.apply(0.0);
                for (int i = 0; i < z.size(); i++) {
                    V e = z.get(i).sigmoid().sub(constant.apply(y[i]));
                    sum = sum.add(e.mul(e));
                }
                return sum.mul(constant.apply(0.5));
            }
            case BINARY_CROSS_ENTROPY: {
                V sum = constant.apply(0.0);
                V one = constant.apply(1.0);
                for (int i = 0; i < z.size(); i++) {
                    V p = z.get(i).sigmoid();
                    V t = constant.apply(y[i]);
                    sum = sum.add(t.mul(p.log()).add(one.sub(t).mul(one.sub(p).log())));
                }
                return sum.neg().mul(constant.apply(1.0 / z.size()));
            }
            default: {
                double max = Double.NEGATIVE_INFINITY;
                for (V v : z) {
                    max = Math.max(max, v.value());
                }
                V shift = constant.apply(max);
                V sum = constant.apply(0.0);
                for (V v : z) {
                    sum = sum.add(v.sub(shift).exp());
                }
                V logSum = sum.log().add(shift);
                V loss = constant.apply(0.0);
                for (int i = 0; i < z.size(); i++) {
                    loss = loss.add(constant.apply(y[i]).mul(logSum.sub(z.get(i))));
                }
                return loss;
            }
        }
    }
}
