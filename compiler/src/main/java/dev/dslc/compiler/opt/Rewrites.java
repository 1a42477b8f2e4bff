package dev.dslc.compiler.opt;

import dev.dslc.compiler.ir.Broadcast;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.ir.Sum;
import dev.dslc.compiler.ir.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * The simplify stage, as a table of rewrite rules that the {@link Graph}
 * applies to every node it is asked to make. Inputs are simplified before the
 * nodes that use them, so the graph is always at a fixed point. Every rule is
 * exact in IEEE arithmetic; rules that would change rounding (reassociation)
 * are deliberately absent, and so is {@code 0 * x -> 0}, which is wrong for
 * infinite or NaN x (symbolic zeros in the derivative never reach here).
 */
public final class Rewrites implements Graph.Rewriter {
    /**
     * Largest result that is folded into a constant. A constant holds every
     * element, so folding sum(W)'s adjoint, a broadcast of 1 over a
     * [40000, 40000] parameter, would allocate 1.6 billion of them.
     */
    static final int MAX_FOLDED_ELEMENTS = 4_096;

    @Override
    public Node rewrite(Op op, List<Node> in, Shape shape, Graph g) {
        if (!in.isEmpty() && in.stream().allMatch(Node::isConstant) && shape.size() <= MAX_FOLDED_ELEMENTS) {
            return fold(op, in, shape, g);
        }
        if (op instanceof Map2 map2) {
            return arithmetic(map2.kind(), in.get(0), in.get(1), shape, g);
        }
        if (op instanceof Map1 map1) {
            return function(map1, in.get(0), shape, g);
        }
        if (op instanceof Transpose && in.get(0).op() instanceof Transpose) {
            return in.get(0).input(0);                                         // (A^T)^T -> A
        }
        if (op instanceof MatMul m && (in.get(0).op() instanceof Transpose || in.get(1).op() instanceof Transpose)) {
            return foldTransposes(m, in.get(0), in.get(1), g);                 // A^T @ B -> matmul(transposeLeft)
        }
        if (op instanceof Sum && in.get(0).shape().isScalar()) {
            return in.get(0);                                                  // sum(s) -> s
        }
        if (op instanceof Sum && in.get(0).op() instanceof Broadcast) {
            return g.mul(in.get(0).input(0), g.constant(in.get(0).size()));    // sum(broadcast(s, n)) -> s * n
        }
        return null;
    }

    // op(c1, c2, ...) -> c
    private static Node fold(Op op, List<Node> in, Shape shape, Graph g) {
        List<double[]> values = new ArrayList<>();
        for (Node constant : in) {
            values.add(constant.op().evaluate(constant, List.of()));
        }
        Node probe = g.intern(op, in, shape);
        List<Double> result = new ArrayList<>();
        for (double v : op.evaluate(probe, values)) {
            result.add(v);
        }
        return g.constant(shape, result);
    }

    private static Node arithmetic(Map2.Kind kind, Node x, Node y, Shape shape, Graph g) {
        Node kept = switch (kind) {
            case ADD -> y.isConstant(0.0) ? x : x.isConstant(0.0) ? y : null;   // x + 0 -> x, 0 + x -> x
            case SUB -> y.isConstant(0.0) ? x : null;                          // x - 0 -> x
            case MUL -> y.isConstant(1.0) ? x : x.isConstant(1.0) ? y : null;   // x * 1 -> x, 1 * x -> x
            case DIV -> y.isConstant(1.0) ? x : null;                          // x / 1 -> x
        };
        if (kept != null && kept.shape().equals(shape)) {
            return kept;
        }
        if (kind == Map2.Kind.SUB && x.isConstant(0.0) && y.shape().equals(shape)) {
            return g.neg(y);                                                   // 0 - x -> -x
        }
        if (kind == Map2.Kind.MUL && y.isConstant(-1.0) && x.shape().equals(shape)) {
            return g.neg(x);                                                   // x * -1 -> -x
        }
        if (kind == Map2.Kind.MUL && x.isConstant(-1.0) && y.shape().equals(shape)) {
            return g.neg(y);                                                   // -1 * x -> -x
        }
        if (kind == Map2.Kind.SUB && y.op() instanceof Map1 m && m.fn() == Fn.NEG) {
            return g.add(x, y.input(0));                                       // x - (-y) -> x + y
        }
        if (kind == Map2.Kind.ADD && y.op() instanceof Map1 m && m.fn() == Fn.NEG) {
            return g.sub(x, y.input(0));                                       // x + (-y) -> x - y
        }
        if (kind == Map2.Kind.MUL && x.op() instanceof Broadcast) {
            return g.mul(x.input(0), y);                                       // broadcast(s) * y -> s * y
        }
        if (kind == Map2.Kind.MUL && y.op() instanceof Broadcast) {
            return g.mul(x, y.input(0));                                       // x * broadcast(s) -> x * s
        }
        return null;
    }

    private static Node function(Map1 map, Node x, Shape shape, Graph g) {
        if (map.fn() == Fn.NEG && x.op() instanceof Map1 inner && inner.fn() == Fn.NEG) {
            return x.input(0);                                                 // -(-x) -> x
        }
        if (map.fn() == Fn.POW && map.parameter() == 1.0) {
            return x;                                                          // x^1 -> x
        }
        if (map.fn() == Fn.POW && map.parameter() == 0.0) {
            Node one = g.constant(1.0);                                        // x^0 -> 1 (so too 0^0, NaN^0)
            return shape.isScalar() ? one : g.broadcast(one, shape);
        }
        return null;
    }

    private static Node foldTransposes(MatMul m, Node a, Node b, Graph g) {
        boolean left = m.transposeLeft();
        boolean right = m.transposeRight();
        if (a.op() instanceof Transpose) {
            a = a.input(0);
            left = !left;
        }
        if (b.op() instanceof Transpose) {
            b = b.input(0);
            right = !right;
        }
        return g.matmul(left, right, a, b);
    }
}
