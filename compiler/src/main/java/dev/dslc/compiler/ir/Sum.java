package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** The sum of all elements, a scalar. */
public record Sum() implements Op {

    public Shape shape(List<Shape> inputs) {
        return Shape.scalar();
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double sum = 0;
        for (double x : inputs.get(0)) {
            sum += x;
        }
        return new double[] {sum};
    }

    // Every element receives the scalar's adjoint.
    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.broadcast(adjoint, node.input(0).shape()));
        return result;
    }

    public String mnemonic() {
        return "sum";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " for every element";
    }
}
