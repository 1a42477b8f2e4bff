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
 * nodes that use them, so the graph is always at a fixed point. Every rule but
 * one is exact in IEEE arithmetic; rules that would change rounding
 * (reassociation) are deliberately absent, and so is {@code 0 * x -> 0}, which
 * is wrong for infinite or NaN x (symbolic zeros in the derivative never reach
 * here). The one exception, {@code sum(broadcast(s, n)) -> s * n}, replaces n
 * rounded additions by one correctly rounded product: closer to the true
 * value, and O(1) instead of a loop over the adjoint of every scalar that was
 * broadcast.
 *
 * <p>Element-wise operators broadcast a scalar operand, so a rule that keeps
 * one operand of {@code x op y} is only right when that operand already has
 * the result's shape: {@code x * 1 -> x} is wrong for a scalar x and a vector
 * 1. Each rule states the shapes it applies to in its guard, and
 * {@code RewritesTest} applies every rule to scalar, vector and matrix
 * operands in every position.
 */
public final class Rewrites implements Graph.Rewriter {
    /**
     * Largest result that is folded into a constant. A constant holds every
     * element, so folding sum(W)'s adjoint, a broadcast of 1 over a
     * [40000, 40000] parameter, would allocate 1.6 billion of them.
     */
    static final int MAX_FOLDED_ELEMENTS = 4_096;

    /**
     * One rule: its algebra, the shapes it applies to, the replacement (null
     * where it does not match), and whether the replacement rounds exactly as
     * the original does.
     */
    record Rule(String algebra, String shapes, Graph.Rewriter rewrite, boolean exact) {
        Rule(String algebra, String shapes, Graph.Rewriter rewrite) {
            this(algebra, shapes, rewrite, true);
        }
    }

    private static final Map2.Kind ADD = Map2.Kind.ADD;
    private static final Map2.Kind SUB = Map2.Kind.SUB;
    private static final Map2.Kind MUL = Map2.Kind.MUL;
    private static final Map2.Kind DIV = Map2.Kind.DIV;

    static final List<Rule> RULES = List.of(
            new Rule("op(c1, c2, ...) -> c", "any; the constant is made in the result's shape",
                    (op, in, shape, g) -> foldable(in, shape) ? fold(op, in, shape, g) : null),
            new Rule("x + 0 -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, ADD) && in.get(1).isConstant(0.0) ? kept(in.get(0), shape) : null),
            new Rule("0 + x -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, ADD) && in.get(0).isConstant(0.0) ? kept(in.get(1), shape) : null),
            new Rule("x - 0 -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, SUB) && in.get(1).isConstant(0.0) ? kept(in.get(0), shape) : null),
            new Rule("x * 1 -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, MUL) && in.get(1).isConstant(1.0) ? kept(in.get(0), shape) : null),
            new Rule("1 * x -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, MUL) && in.get(0).isConstant(1.0) ? kept(in.get(1), shape) : null),
            new Rule("x / 1 -> x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, DIV) && in.get(1).isConstant(1.0) ? kept(in.get(0), shape) : null),
            new Rule("0 - x -> -x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, SUB) && in.get(0).isConstant(0.0) && has(in.get(1), shape)
                            ? g.neg(in.get(1)) : null),
            new Rule("x * -1 -> -x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, MUL) && in.get(1).isConstant(-1.0) && has(in.get(0), shape)
                            ? g.neg(in.get(0)) : null),
            new Rule("-1 * x -> -x", "x has the result's shape",
                    (op, in, shape, g) -> is(op, MUL) && in.get(0).isConstant(-1.0) && has(in.get(1), shape)
                            ? g.neg(in.get(1)) : null),
            new Rule("x - (-y) -> x + y", "any: the operands keep their shapes",
                    (op, in, shape, g) -> is(op, SUB) && isNeg(in.get(1)) ? g.add(in.get(0), in.get(1).input(0)) : null),
            new Rule("x + (-y) -> x - y", "any: the operands keep their shapes",
                    (op, in, shape, g) -> is(op, ADD) && isNeg(in.get(1)) ? g.sub(in.get(0), in.get(1).input(0)) : null),
            new Rule("broadcast(s) * y -> s * y", "y has the result's shape (s is scalar, so s * y broadcasts back)",
                    (op, in, shape, g) -> is(op, MUL) && isBroadcast(in.get(0)) && has(in.get(1), shape)
                            ? g.mul(in.get(0).input(0), in.get(1)) : null),
            new Rule("x * broadcast(s) -> x * s", "x has the result's shape",
                    (op, in, shape, g) -> is(op, MUL) && isBroadcast(in.get(1)) && has(in.get(0), shape)
                            ? g.mul(in.get(0), in.get(1).input(0)) : null),
            new Rule("broadcast(s) * t -> broadcast(s * t)", "t a scalar: one product, then the broadcast",
                    (op, in, shape, g) -> is(op, MUL) && isBroadcast(in.get(0)) && in.get(1).shape().isScalar()
                            ? g.broadcast(g.mul(in.get(0).input(0), in.get(1)), shape) : null),
            new Rule("t * broadcast(s) -> broadcast(t * s)", "t a scalar: one product, then the broadcast",
                    (op, in, shape, g) -> is(op, MUL) && isBroadcast(in.get(1)) && in.get(0).shape().isScalar()
                            ? g.broadcast(g.mul(in.get(0), in.get(1).input(0)), shape) : null),
            new Rule("-(-x) -> x", "any: negation keeps the shape",
                    (op, in, shape, g) -> isFn(op, Fn.NEG) && isNeg(in.get(0)) ? in.get(0).input(0) : null),
            new Rule("x^1 -> x", "any: power keeps the shape",
                    (op, in, shape, g) -> isPower(op, 1.0) ? in.get(0) : null),
            new Rule("x^0 -> 1 (so too 0^0, NaN^0)", "any: a 1 in the result's shape",
                    (op, in, shape, g) -> isPower(op, 0.0) ? filled(1.0, shape, g) : null),
            new Rule("(A^T)^T -> A", "any: transposing twice gives back A's shape",
                    (op, in, shape, g) -> op instanceof Transpose && in.get(0).op() instanceof Transpose
                            ? in.get(0).input(0) : null),
            new Rule("A^T @ B -> matmul(transposeLeft)(A, B), and so on the right", "any: the product's shape is unchanged",
                    (op, in, shape, g) -> op instanceof MatMul m
                            && (in.get(0).op() instanceof Transpose || in.get(1).op() instanceof Transpose)
                            ? foldTransposes(m, in.get(0), in.get(1), g) : null),
            new Rule("sum(s) -> s", "s a scalar",
                    (op, in, shape, g) -> op instanceof Sum && in.get(0).shape().isScalar() ? in.get(0) : null),
            new Rule("sum(broadcast(s, n)) -> s * n", "any: both sides are scalars",
                    (op, in, shape, g) -> op instanceof Sum && isBroadcast(in.get(0))
                            ? g.mul(in.get(0).input(0), g.constant(in.get(0).size())) : null, false));

    @Override
    public Node rewrite(Op op, List<Node> in, Shape shape, Graph g) {
        for (Rule rule : RULES) {
            Node replacement = rule.rewrite().rewrite(op, in, shape, g);
            if (replacement != null) {
                return replacement;
            }
        }
        return null;
    }

    private static boolean foldable(List<Node> in, Shape shape) {
        return !in.isEmpty() && in.stream().allMatch(Node::isConstant) && shape.size() <= MAX_FOLDED_ELEMENTS;
    }

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

    private static boolean is(Op op, Map2.Kind kind) {
        return op instanceof Map2 map2 && map2.kind() == kind;
    }

    private static boolean isFn(Op op, Fn fn) {
        return op instanceof Map1 map1 && map1.fn() == fn;
    }

    private static boolean isPower(Op op, double exponent) {
        return op instanceof Map1 map1 && map1.fn() == Fn.POW && map1.parameter() == exponent;
    }

    private static boolean isNeg(Node node) {
        return isFn(node.op(), Fn.NEG);
    }

    private static boolean isBroadcast(Node node) {
        return node.op() instanceof Broadcast;
    }

    private static boolean has(Node node, Shape shape) {
        return node.shape().equals(shape);
    }

    /** The operand itself, where it already has the result's shape. */
    private static Node kept(Node operand, Shape shape) {
        return has(operand, shape) ? operand : null;
    }

    private static Node filled(double value, Shape shape, Graph g) {
        Node constant = g.constant(value);
        return shape.isScalar() ? constant : g.broadcast(constant, shape);
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
