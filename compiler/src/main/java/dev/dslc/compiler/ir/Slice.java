package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** A contiguous run of elements read as a tensor of {@code result} shape: {@code x[2]}, {@code W[1]}, {@code W[1, 0]}. */
public record Slice(int offset, Shape result) implements Op {

    public Shape shape(List<Shape> inputs) {
        if (offset < 0 || offset + result.size() > inputs.get(0).size()) {
            throw new IllegalArgumentException("slice out of range");
        }
        return result;
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        return java.util.Arrays.copyOfRange(inputs.get(0), offset, offset + result.size());
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        List<Node> result = new ArrayList<>();
        result.add(graph.pad(adjoint, offset, node.input(0).shape()));
        return result;
    }

    public String mnemonic() {
        return "element";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " at its place in " + inputs.get(0);
    }
}
