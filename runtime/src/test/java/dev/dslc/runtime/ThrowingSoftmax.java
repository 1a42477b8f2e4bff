package dev.dslc.runtime;

/** {@link PublicSoftmax} whose backward refuses an input whose first element is 999, on every copy. */
public final class ThrowingSoftmax extends PublicSoftmax {

    public ThrowingSoftmax() {
    }

    @Override
    public double backward(double[] input, double[] target) {
        if (input[0] == 999) {
            throw new IllegalStateException("example 999 on " + Thread.currentThread().getName());
        }
        return super.backward(input, target);
    }
}
