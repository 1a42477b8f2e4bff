package dev.dslc.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A scalar in a micrograd-style autodiff graph, tuned: each operation makes
 * a new node that remembers its operands and its kind, and {@link #backward()}
 * sorts the graph topologically (marking nodes, with no visited set) and
 * applies each node's local derivative in reverse through a switch, with no
 * closure per node. The graph is rebuilt for every example, as in micrograd
 * ({@link MicrogradValue} is micrograd as written).
 *
 * <pre>{@code
 * Value w = new Value(0.5), x = new Value(2.0);
 * Value y = w.mul(x).tanh();
 * y.backward();            // w.grad == x.data * (1 - y.data * y.data)
 * }</pre>
 */
final class Value extends TapeValue<Value> {
    private enum Op { LEAF, ADD, MUL, SUB, NEG, EXP, LOG, TANH, SIGMOID, RELU }

    private final Op op;
    private final Value left;
    private final Value right;
    /** The sort that last visited this node; saves a visited set per step. */
    private int visitedBy;
    private static int sorts;

    Value(double data) {
        this(data, Op.LEAF, null, null);
    }

    private Value(double data, Op op, Value left, Value right) {
        super(data);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    Value add(Value other) {
        return new Value(data + other.data, Op.ADD, this, other);
    }

    @Override
    Value mul(Value other) {
        return new Value(data * other.data, Op.MUL, this, other);
    }

    @Override
    Value sub(Value other) {
        return new Value(data - other.data, Op.SUB, this, other);
    }

    @Override
    Value neg() {
        return new Value(-data, Op.NEG, this, null);
    }

    @Override
    Value exp() {
        return new Value(Math.exp(data), Op.EXP, this, null);
    }

    @Override
    Value log() {
        return new Value(Math.log(data), Op.LOG, this, null);
    }

    @Override
    Value tanh() {
        return new Value(Math.tanh(data), Op.TANH, this, null);
    }

    @Override
    Value sigmoid() {
        return new Value(1.0 / (1.0 + Math.exp(-data)), Op.SIGMOID, this, null);
    }

    @Override
    Value relu() {
        return new Value(data > 0.0 ? data : 0.0, Op.RELU, this, null);
    }

    @Override
    void backward() {
        List<Value> order = new ArrayList<>();
        sort(this, ++sorts, order);
        grad = 1.0;
        for (int k = order.size() - 1; k >= 0; k--) {
            order.get(k).propagate();
        }
    }

    /** Iterative depth-first post-order: a long sum is a deep chain, too deep for recursion. */
    private static void sort(Value root, int mark, List<Value> order) {
        List<Value> stack = new ArrayList<>();
        List<Boolean> expanded = new ArrayList<>();
        stack.add(root);
        expanded.add(false);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Value node = stack.get(top);
            if (expanded.get(top)) {
                stack.remove(top);
                expanded.remove(top);
                order.add(node);
                continue;
            }
            if (node.visitedBy == mark) {
                stack.remove(top);
                expanded.remove(top);
                continue;
            }
            node.visitedBy = mark;
            expanded.set(top, true);
            if (node.right != null && node.right.visitedBy != mark) {
                stack.add(node.right);
                expanded.add(false);
            }
            if (node.left != null && node.left.visitedBy != mark) {
                stack.add(node.left);
                expanded.add(false);
            }
        }
    }

    private void propagate() {
        switch (op) {
            case ADD:
                left.grad += grad;
                right.grad += grad;
                break;
            case MUL:
                left.grad += right.data * grad;
                right.grad += left.data * grad;
                break;
            case SUB:
                left.grad += grad;
                right.grad -= grad;
                break;
            case NEG:
                left.grad -= grad;
                break;
            case EXP:
                left.grad += data * grad;
                break;
            case LOG:
                left.grad += grad / left.data;
                break;
            case TANH:
                left.grad += (1.0 - data * data) * grad;
                break;
            case SIGMOID:
                left.grad += data * (1.0 - data) * grad;
                break;
            case RELU:
                left.grad += data > 0.0 ? grad : 0.0;
                break;
            default:
                break;
        }
    }
}
