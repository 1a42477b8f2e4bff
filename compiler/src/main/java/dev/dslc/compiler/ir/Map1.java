package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** y = f(x) element by element. */
public record Map1(Fn fn, double parameter) implements Op {

    public Shape shape(List<Shape> inputs) {
        return inputs.get(0);
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] x = inputs.get(0);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = fn.evaluate(x[i], parameter);
        }
        return y;
    }

    // dx = dy * f'(x)
    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        Node derivative = fn.derivative(graph, node.input(0), node, parameter);
        List<Node> result = new ArrayList<>();
        result.add(derivative == null ? null : graph.mul(adjoint, derivative));
        return result;
    }

    public String mnemonic() {
        return fn.mnemonic();
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " * " + fn.mnemonic() + "'(" + inputs.get(0) + ")";
    }
}
