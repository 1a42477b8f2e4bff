package dev.dslc.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Interpreter;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.ir.Sum;
import dev.dslc.compiler.ir.Transpose;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every rewrite rule applied to scalar, vector and matrix operands in every
 * position: plain values, the constants 0, 1 and -1, negations, broadcasts of
 * a scalar (on the left, on the right, on both) and transposes. A rule that
 * fires must keep the node's shape and its value, exactly. This is the
 * test that stands between a rule that forgets a broadcast and a user's
 * "internal error" (issue 12: {@code broadcast(s) * y -> s * y} with a scalar y).
 */
class RewritesTest {
    private static final List<Shape> SHAPES = List.of(Shape.scalar(), Shape.of(3), Shape.of(2, 3), Shape.of(3, 2));
    private static final List<Op> UNARY = List.of(new Map1(Fn.NEG, 0), new Map1(Fn.POW, 1.0), new Map1(Fn.POW, 0.0),
            new Map1(Fn.TANH, 0), new Transpose(), new Sum());

    private final Graph raw = new Graph();
    private final double[] parameters = new double[64];
    private int nextOffset;

    RewritesTest() {
        Random random = new Random(12);
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = random.nextDouble() * 4 - 2;
        }
    }

    @Test
    void everyRule_keepsShapeAndValue_onEveryOperandCombination() {
        Map<String, Set<String>> fired = new LinkedHashMap<>();
        for (Rewrites.Rule rule : Rewrites.RULES) {
            fired.put(rule.algebra(), new LinkedHashSet<>());
        }
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            for (Rewrites.Rule rule : Rewrites.RULES) {
                Node replacement = rule.rewrite().rewrite(c.op(), c.inputs(), c.shape(), raw);
                if (replacement == null) {
                    continue;
                }
                fired.get(rule.algebra()).add(c.describe());
                if (!replacement.shape().equals(c.shape())) {
                    failures.add(rule.algebra() + " on " + c.describe() + ": shape " + c.shape()
                            + " became " + replacement.shape());
                } else if (!sameValues(value(c.node()), value(replacement), rule.exact())) {
                    failures.add(rule.algebra() + " on " + c.describe() + ": " + Arrays.toString(value(c.node()))
                            + " became " + Arrays.toString(value(replacement)));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        fired.forEach((rule, on) -> assertTrue(!on.isEmpty(), "no case exercises " + rule));
    }

    @Test
    void broadcastTimesScalar_keepsTheBroadcastShape() {
        for (Shape shape : SHAPES.subList(1, SHAPES.size())) {
            Graph simplified = new Graph(new Rewrites());
            Node s = simplified.variable(Op.VariableKind.PARAMETER, "s", 0, Shape.scalar());
            Node t = simplified.variable(Op.VariableKind.INPUT, "t", 0, Shape.scalar());
            Node spread = simplified.broadcast(s, shape);
            assertEquals(shape, simplified.mul(spread, t).shape());
            assertEquals(shape, simplified.mul(t, spread).shape());
            assertEquals(shape, simplified.mul(spread, spread).shape());
        }
    }

    @Test
    void theSimplifyingGraph_buildsEveryCase_withTheRawValues() {
        Graph simplified = new Graph(new Rewrites());
        for (Case c : cases()) {
            List<Node> inputs = new ArrayList<>();
            for (Node input : c.inputs()) {
                inputs.add(rebuild(input, simplified));
            }
            Node node;
            try {
                node = simplified.make(c.op(), inputs.toArray(Node[]::new));
            } catch (IllegalStateException changedShape) {
                fail(c.describe() + ": " + changedShape.getMessage());
                return;
            }
            assertEquals(c.shape(), node.shape(), c.describe());
            assertTrue(sameValues(value(c.node()), value(node), false), c.describe());
        }
    }

    // ---- the cases: every operator on every operand form

    private record Case(Op op, List<Node> inputs, Shape shape, Node node) {
        String describe() {
            return op.toString() + inputs.stream().map(n -> n.op().mnemonic() + n.shape()).toList();
        }
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<Node> operands = new ArrayList<>();
        for (Shape shape : SHAPES) {
            operands.addAll(operands(shape));
        }
        for (Map2.Kind kind : Map2.Kind.values()) {
            for (Node x : operands) {
                for (Node y : operands) {
                    add(cases, new Map2(kind), x, y);
                }
            }
        }
        for (Op op : UNARY) {
            for (Node x : operands) {
                add(cases, op, x);
            }
        }
        for (boolean left : new boolean[] {false, true}) {
            for (boolean right : new boolean[] {false, true}) {
                for (Node a : operands) {
                    for (Node b : operands) {
                        add(cases, new MatMul(left, right), a, b);
                    }
                }
            }
        }
        return cases;
    }

    /** A value of the shape in each form a rule looks for. */
    private List<Node> operands(Shape shape) {
        List<Node> forms = new ArrayList<>();
        Node v = variable(shape);
        forms.add(v);
        for (double c : new double[] {0.0, 1.0, -1.0, 2.0}) {
            forms.add(shape.isScalar() ? raw.constant(c) : raw.constant(shape, Collections.nCopies(shape.size(), c)));
        }
        forms.add(raw.neg(v));
        if (!shape.isScalar()) {
            forms.add(raw.broadcast(variable(Shape.scalar()), shape));
            forms.add(raw.broadcast(raw.constant(1.0), shape));
        }
        if (shape.rank() == 2) {
            forms.add(raw.transpose(variable(shape.transposed())));
        }
        return forms;
    }

    private void add(List<Case> cases, Op op, Node... inputs) {
        Shape shape;
        try {
            shape = op.shape(Arrays.stream(inputs).map(Node::shape).toList());
        } catch (IllegalArgumentException notTaken) {
            return;
        }
        List<Node> in = List.of(inputs);
        cases.add(new Case(op, in, shape, raw.intern(op, in, shape)));
    }

    private Node variable(Shape shape) {
        Node v = raw.variable(Op.VariableKind.PARAMETER, "p" + nextOffset, nextOffset, shape);
        nextOffset += shape.size();
        return v;
    }

    /** The same expression made again in another graph (so through its rewriter). */
    private static Node rebuild(Node node, Graph into) {
        List<Node> inputs = new ArrayList<>();
        for (Node input : node.inputs()) {
            inputs.add(rebuild(input, into));
        }
        return into.make(node.op(), inputs.toArray(Node[]::new));
    }

    private double[] value(Node node) {
        return new Interpreter(new double[0], new double[0], parameters).evaluate(List.of(node)).get(node);
    }

    /** Equal, or for an inexact rule within the rounding of the few additions it saves. */
    private static boolean sameValues(double[] expected, double[] actual, boolean exact) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!exact && Math.abs(expected[i] - actual[i]) <= 1e-14 * Math.abs(expected[i])) {
                continue;
            }
            // exact rules, so equal values; only the sign of a zero may differ (x + 0 for x = -0)
            if (expected[i] != actual[i] && !(Double.isNaN(expected[i]) && Double.isNaN(actual[i]))) {
                return false;
            }
        }
        return true;
    }
}
