package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * log(sum(exp(x))) of a vector, shifted by its maximum so that no exp
 * overflows. log_softmax, softmax and softmax_cross_entropy are built on it,
 * which makes them stable too.
 */
public record LogSumExp() implements Op {

    public Shape shape(List<Shape> inputs) {
        return Shape.scalar();
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] x = inputs.get(0);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (Double.isInfinite(max)) {
            return new double[] {max};
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return new double[] {max + Math.log(sum)};
    }

    // d lse / dx = softmax(x) = exp(x - lse(x)), the same node softmax itself uses.
    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.mul(adjoint, graph.map(Fn.EXP, graph.sub(node.input(0), node))));
        return result;
    }

    public String mnemonic() {
        return "logsumexp";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " * softmax(" + inputs.get(0) + ")";
    }
}
