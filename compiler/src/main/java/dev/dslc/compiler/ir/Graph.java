package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The factory of nodes. It interns them (an operation on the same inputs is
 * built once, so common subexpressions are shared by construction) and offers
 * each new node to a {@link Rewriter} first, so that the graph only ever holds
 * simplified nodes.
 */
public final class Graph {

    /** A simplification: a node equal in value to {@code op(inputs)}, or null to keep it. */
    @FunctionalInterface
    public interface Rewriter {
        Node rewrite(Op op, List<Node> inputs, Shape shape, Graph graph);
    }

    private record Key(Op op, List<Integer> inputIds) {
    }

    private final Map<Key, Node> interned = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Rewriter rewriter;

    /** A graph that keeps every node as built. */
    public Graph() {
        this((op, inputs, shape, graph) -> null);
    }

    public Graph(Rewriter rewriter) {
        this.rewriter = rewriter;
    }

    /** Every node made so far, inputs before users. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public Node make(Op op, Node... inputs) {
        List<Node> operands = List.of(inputs);
        Shape shape = op.shape(operands.stream().map(Node::shape).toList());
        Node replacement = rewriter.rewrite(op, operands, shape, this);
        if (replacement != null) {
            if (!replacement.shape().equals(shape)) {
                throw new IllegalStateException("rewrite of " + op + " changed shape " + shape + " to " + replacement.shape());
            }
            return replacement;
        }
        return intern(op, operands, shape);
    }

    /** Makes the node exactly as asked, bypassing the rewriter (for rewrites themselves). */
    public Node intern(Op op, List<Node> inputs, Shape shape) {
        Key key = new Key(op, inputs.stream().map(Node::id).toList());
        Node existing = interned.get(key);
        if (existing != null) {
            return existing;
        }
        Node node = new Node(nodes.size(), op, inputs, shape);
        nodes.add(node);
        interned.put(key, node);
        return node;
    }

    // ---- leaves

    public Node variable(Op.VariableKind kind, String name, int offset, Shape shape) {
        return make(new Op.Variable(kind, name, offset, shape));
    }

    public Node constant(double value) {
        return make(new Op.Constant(Shape.scalar(), List.of(value)));
    }

    public Node constant(Shape shape, List<Double> values) {
        return make(new Op.Constant(shape, values));
    }

    // ---- element-wise

    public Node map(Fn fn, Node x) {
        return make(new Map1(fn, 0.0), x);
    }

    public Node map(Fn fn, double parameter, Node x) {
        return make(new Map1(fn, parameter), x);
    }

    public Node neg(Node x) {
        return map(Fn.NEG, x);
    }

    public Node add(Node x, Node y) {
        return make(new Map2(Map2.Kind.ADD), x, y);
    }

    public Node sub(Node x, Node y) {
        return make(new Map2(Map2.Kind.SUB), x, y);
    }

    public Node mul(Node x, Node y) {
        return make(new Map2(Map2.Kind.MUL), x, y);
    }

    public Node div(Node x, Node y) {
        return make(new Map2(Map2.Kind.DIV), x, y);
    }

    // ---- linear algebra

    public Node matmul(boolean transposeLeft, boolean transposeRight, Node a, Node b) {
        return make(new MatMul(transposeLeft, transposeRight), a, b);
    }

    public Node outer(Node a, Node b) {
        return make(new Outer(), a, b);
    }

    public Node transpose(Node a) {
        return make(new Transpose(), a);
    }

    // ---- reductions and reshaping

    public Node sum(Node x) {
        return make(new Sum(), x);
    }

    public Node broadcast(Node scalar, Shape shape) {
        return make(new Broadcast(shape), scalar);
    }

    public Node extreme(Node x, boolean max) {
        return make(new Extreme(max), x);
    }

    public Node extremeMask(Node x, boolean max) {
        return make(new ExtremeMask(max), x);
    }

    public Node logSumExp(Node x) {
        return make(new LogSumExp(), x);
    }

    public Node slice(Node x, int offset, Shape shape) {
        return make(new Slice(offset, shape), x);
    }

    public Node pad(Node x, int offset, Shape shape) {
        return make(new Pad(offset, shape), x);
    }
}
