package dev.dslc.runtime;

/** A model with any layout, for layout comparisons and parameter files; its maths is never used. */
final class TestModelOfLayout extends TestModel {
    /** {@code shapes} alternates names and int[] shapes, as {@link TestModel}'s constructor takes them. */
    TestModelOfLayout(Object... shapes) {
        super(1, 1, 1, shapes);
    }

    /** The layout of weights/mixed.nn: W[4, 3], b[4], s, V[2, 4], c[2]. */
    static TestModelOfLayout mixed() {
        return new TestModelOfLayout("W", new int[] {4, 3}, "b", new int[] {4}, "s", new int[0],
                "V", new int[] {2, 4}, "c", new int[] {2});
    }

    @Override
    public void forward(double[] input, double[] output) {
    }

    @Override
    public double loss(double[] input, double[] target) {
        return 0;
    }

    @Override
    public double backward(double[] input, double[] target) {
        return 0;
    }
}
