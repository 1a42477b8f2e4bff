package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** A matrix transposed (the graph folds it into a neighbouring matmul where it can). */
public record Transpose() implements Op {

    public Shape shape(List<Shape> inputs) {
        if (inputs.get(0).rank() != 2) {
            throw new IllegalArgumentException("transpose of " + inputs.get(0));
        }
        return inputs.get(0).transposed();
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] a = inputs.get(0);
        int rows = node.input(0).shape().dimension(0);
        int columns = node.input(0).shape().dimension(1);
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                t[j * rows + i] = a[i * columns + j];
            }
        }
        return t;
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.transpose(adjoint));
        return result;
    }

    public String mnemonic() {
        return "transpose";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "(dL/d" + output + ")^T";
    }
}
