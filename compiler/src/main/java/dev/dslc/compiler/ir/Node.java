package dev.dslc.compiler.ir;

import java.util.List;

/**
 * One operation in the tensor DAG. Nodes are made only by {@link Graph}, which
 * interns them, so two nodes are structurally equal exactly when they are the
 * same object: comparison is by identity.
 */
public final class Node {
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final Shape shape;

    Node(int id, Op op, List<Node> inputs, Shape shape) {
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
    }

    /** Creation order within its graph; inputs always have smaller ids. */
    public int id() {
        return id;
    }

    public Op op() {
        return op;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public Node input(int index) {
        return inputs.get(index);
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    public boolean isConstant() {
        return op instanceof Op.Constant;
    }

    /** True for a constant whose every element is {@code value}. */
    public boolean isConstant(double value) {
        return op instanceof Op.Constant constant && constant.isUniform(value);
    }

    @Override
    public String toString() {
        return "%" + id + " = " + op + inputs.stream().map(n -> "%" + n.id).toList() + " " + shape;
    }
}
