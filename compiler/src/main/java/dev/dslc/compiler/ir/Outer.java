package dev.dslc.compiler.ir;

import java.util.Arrays;
import java.util.List;

/** C[i, j] = a[i] * b[j]: the shape of a weight gradient, dW = dz x^T. */
public record Outer() implements Op {

    public Shape shape(List<Shape> inputs) {
        if (inputs.get(0).rank() != 1 || inputs.get(1).rank() != 1) {
            throw new IllegalArgumentException("outer of " + inputs);
        }
        return Shape.of(inputs.get(0).dimension(0), inputs.get(1).dimension(0));
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] a = inputs.get(0);
        double[] b = inputs.get(1);
        double[] c = new double[a.length * b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i * b.length + j] = a[i] * b[j];
            }
        }
        return c;
    }

    // da = dC b, db = dC^T a
    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        return Arrays.asList(graph.matmul(false, false, adjoint, node.input(1)),
                graph.matmul(true, false, adjoint, node.input(0)));
    }

    public String mnemonic() {
        return "outer";
    }
}
