package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** A scalar repeated to fill a shape. */
public record Broadcast(Shape target) implements Op {

    public Shape shape(List<Shape> inputs) {
        if (!inputs.get(0).isScalar()) {
            throw new IllegalArgumentException("broadcast of " + inputs.get(0));
        }
        return target;
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] y = new double[target.size()];
        java.util.Arrays.fill(y, inputs.get(0)[0]);
        return y;
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.sum(adjoint));
        return result;
    }

    public String mnemonic() {
        return "broadcast";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "sum(dL/d" + output + ")";
    }
}
