package dev.dslc.compiler.explain;

import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Shape;
import java.util.List;
import java.util.Map;

/**
 * Everything the explain page shows for one model and one example: the
 * forward graph laid out left to right, the steps of the forward and backward
 * passes in animation order with their chain-rule text, and every value those
 * steps refer to, computed by the IR interpreter.
 *
 * @param given  the leaves' values, known before the first step: {@code x = [0.5, 0.3]}
 * @param values tensors by key: {@code v<id>} a node's value, {@code d<id>} its dL/dnode,
 *               {@code a<id>} a derivative node's value that a step quotes
 */
public record Explanation(
        String title,
        String sourceFileName,
        String example,
        List<NodeView> nodes,
        List<Edge> edges,
        List<Given> given,
        List<Step> steps,
        Map<String, Tensor> values) {

    public Explanation {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        given = List.copyOf(given);
        steps = List.copyOf(steps);
        values = Map.copyOf(values);
    }

    public enum Kind {
        INPUT, TARGET, PARAMETER, CONSTANT, OPERATION;

        static Kind of(Node node) {
            if (node.op() instanceof Op.Variable variable) {
                return switch (variable.kind()) {
                    case INPUT -> INPUT;
                    case TARGET -> TARGET;
                    case PARAMETER, DIRECTION -> PARAMETER; // a direction is laid out as the parameters are
                };
            }
            return node.isConstant() ? CONSTANT : OPERATION;
        }
    }

    public enum Pass { FORWARD, BACKWARD }

    /**
     * One box of the drawing.
     *
     * @param op       what the box computes, short: {@code sigmoid}, {@code @}, {@code +}
     * @param column   its layer, from 0 at the left
     * @param row      its position in the layer, from 0 at the top (may be fractional)
     * @param gradient the key of dL/dnode, or null where the loss does not depend on it
     */
    public record NodeView(int id, String name, Kind kind, String op, Shape shape, int column, double row,
                           String value, String gradient, boolean output, boolean loss) {
    }

    /** An operand flowing into an operation, labelled with its shape. */
    public record Edge(int from, int to, String label) {
    }

    /** A leaf's value as the log lists it before the first step. */
    public record Given(int node, String name, String value) {
    }

    /**
     * One step of the animation and one line of the log:
     * {@code lhs = symbolic = numeric = result}.
     *
     * @param numeric the symbolic form with numbers substituted; empty where it would only repeat the result
     * @param edges   the edges the step highlights: operands coming in, or gradients going back
     */
    public record Step(Pass pass, int node, String lhs, String symbolic, List<Part> numeric, String result,
                       List<Edge> edges) {
        public Step {
            numeric = List.copyOf(numeric);
            edges = List.copyOf(edges);
        }
    }

    /** A value and its shape, row-major. */
    public record Tensor(Shape shape, double[] data) {
    }
}
