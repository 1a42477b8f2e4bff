package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** max(x) or min(x) over all elements; the gradient goes to the first extreme element. */
public record Extreme(boolean max) implements Op {

    public Shape shape(List<Shape> inputs) {
        return Shape.scalar();
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] x = inputs.get(0);
        return new double[] {x[ExtremeMask.firstExtreme(x, max)]};
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.mul(adjoint, graph.extremeMask(node.input(0), max)));
        return result;
    }

    public String mnemonic() {
        return max ? "max" : "min";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " at the first arg" + mnemonic() + " of " + inputs.get(0);
    }
}
