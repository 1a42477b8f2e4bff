package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** The inverse of {@link Slice}: x placed at {@code offset} in zeros of {@code target} shape. */
public record Pad(int offset, Shape target) implements Op {

    public Shape shape(List<Shape> inputs) {
        if (offset < 0 || offset + inputs.get(0).size() > target.size()) {
            throw new IllegalArgumentException("pad out of range");
        }
        return target;
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] y = new double[target.size()];
        System.arraycopy(inputs.get(0), 0, y, offset, inputs.get(0).length);
        return y;
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.slice(adjoint, offset, node.input(0).shape()));
        return result;
    }

    public String mnemonic() {
        return "pad";
    }
}
