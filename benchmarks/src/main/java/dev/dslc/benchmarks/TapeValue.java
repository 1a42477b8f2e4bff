package dev.dslc.benchmarks;

/** A scalar autodiff node as {@link TapeMlp} uses it: micrograd's {@code Value}, its data and gradient. */
abstract class TapeValue<V extends TapeValue<V>> {
    double data;
    double grad;

    TapeValue(double data) {
        this.data = data;
    }

    final double value() {
        return data;
    }

    /** One SGD step on a parameter node: {@code data -= learningRate * grad}, and its gradient back to 0. */
    final void update(double learningRate) {
        data -= learningRate * grad;
        grad = 0.0;
    }

    abstract V add(V other);

    abstract V mul(V other);

    abstract V sub(V other);

    abstract V neg();

    abstract V exp();

    abstract V log();

    abstract V tanh();

    abstract V sigmoid();

    abstract V relu();

    /** Sets this node's gradient to 1 and propagates gradients to every node it depends on. */
    abstract void backward();
}
