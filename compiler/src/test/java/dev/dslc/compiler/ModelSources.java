package dev.dslc.compiler;

/**
 * {@code .nn} sources of a chosen size, for the tests of code shape and
 * allocation.
 *
 * <pre>{@code
 * Model mnist = TestModels.load(ModelSources.twoLayer(784, 128, 10, "relu"));
 * }</pre>
 */
public final class ModelSources {

    private ModelSources() {
    }

    /**
     * {@code depth} nested {@code tanh}s, one binding each: the longest
     * dependency chain a model can have for its size, which the emitter must
     * split across methods and still compile in linear time.
     *
     * <pre>
     * h1 = tanh(w * x)
     * h2 = tanh(h1)
     * ...
     * </pre>
     */
    static String tanhChain(int depth) {
        StringBuilder source = new StringBuilder("model TanhChain").append(depth)
                .append("\ninput x\nparam w = 0.5\nh1 = tanh(w * x)\n");
        for (int i = 2; i <= depth; i++) {
            source.append('h').append(i).append(" = tanh(h").append(i - 1).append(")\n");
        }
        return source.append("output h").append(depth).append("\nloss h").append(depth).append('\n').toString();
    }

    /** {@code count} scalar parameters, each its own declaration, summed: loss = x * (p0 + p1 + ...). */
    static String scalarParameters(int count) {
        StringBuilder source = new StringBuilder("input x\n");
        for (int i = 0; i < count; i++) {
            source.append("param p").append(i).append(" ~ uniform(-1, 1)\n");
        }
        source.append("s0 = p0 * x\n");
        for (int i = 1; i < count; i++) {
            source.append('s').append(i).append(" = s").append(i - 1).append(" + p").append(i).append(" * x\n");
        }
        return source.append("output s").append(count - 1).append("\nloss s").append(count - 1).append('\n').toString();
    }

    /** A classifier: one hidden layer of {@code activation}, softmax outputs, softmax cross-entropy loss. */
    public static String twoLayer(int inputs, int hidden, int classes, String activation) {
        String init = activation.equals("relu") ? "he" : "xavier";
        return "input  x[" + inputs + "]\n"
                + "target y[" + classes + "]\n"
                + "param  W1[" + hidden + ", " + inputs + "] ~ " + init + "\n"
                + "param  b1[" + hidden + "]\n"
                + "param  W2[" + classes + ", " + hidden + "] ~ " + init + "\n"
                + "param  b2[" + classes + "]\n"
                + "h = " + activation + "(W1 @ x + b1)\n"
                + "z = W2 @ h + b2\n"
                + "output softmax(z)\n"
                + "loss   softmax_cross_entropy(z, y)\n";
    }
}
