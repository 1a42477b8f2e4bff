package dev.dslc.compiler.autodiff;

import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differentiate stage: reverse mode on the DAG. It knows no operators: it
 * walks the loss's dependencies from the loss back to the parameters, asks
 * each node's op for its vector-Jacobian product, and sums the adjoints that
 * meet at a fan-out. A null adjoint is a symbolic zero and is never built.
 * Only nodes that depend on one of the given parameters get adjoints, so
 * inputs, targets and the parameters left out (a {@code const}) never do:
 * to the derivative they are leaves like any constant.
 */
public final class ReverseMode {

    /** One term of a node's adjoint: what {@code user}'s rule gave for its input {@code inputIndex}. */
    public record Contribution(Node user, int inputIndex) {
    }

    /**
     * @param gradients     each parameter's gradient node, absent where it is structurally zero
     * @param adjoints      dL/dnode for every node that got one
     * @param contributions for each such node, the chain-rule terms summed into it
     */
    public record Result(Map<Node, Node> gradients, Map<Node, Node> adjoints, Map<Node, List<Contribution>> contributions) {
    }

    private ReverseMode() {
    }

    /** The gradient of the scalar {@code loss} with respect to each of {@code parameters}. */
    public static Result differentiate(Graph graph, Node loss, List<Node> parameters) {
        return differentiate(graph, loss, graph.constant(1.0), parameters);
    }

    /**
     * The vector-Jacobian product {@code seed}^T d{@code root}/d{@code parameters}: with a
     * one-hot seed, one row of the Jacobian of {@code root}; {@code seed} has {@code root}'s shape.
     * The parameters may be any nodes: the derivative with respect to a node that is computed
     * is the sum over the paths through it, its own inputs held fixed.
     */
    public static Result differentiate(Graph graph, Node root, Node seed, List<Node> parameters) {
        if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException("seed " + seed.shape() + " for a root of shape " + root.shape());
        }
        List<Node> order = Schedule.topological(List.of(root));
        BitSet dependsOnParameter = dependsOnParameter(order, parameters);
        Map<Node, Node> adjoints = new HashMap<>();
        Map<Node, List<Contribution>> contributions = new HashMap<>();
        adjoints.put(root, seed);
        for (int position = order.size() - 1; position >= 0; position--) {
            Node node = order.get(position);
            Node adjoint = adjoints.get(node);
            if (adjoint == null || node.inputs().isEmpty()) {
                continue;
            }
            List<Node> terms = node.op().vjp(node, adjoint, graph);
            for (int i = 0; i < terms.size(); i++) {
                Node input = node.input(i);
                if (terms.get(i) == null || !dependsOnParameter.get(input.id())) {
                    continue;
                }
                adjoints.merge(input, terms.get(i), graph::add);
                contributions.computeIfAbsent(input, k -> new ArrayList<>()).add(new Contribution(node, i));
            }
        }
        Map<Node, Node> gradients = new LinkedHashMap<>();
        for (Node parameter : parameters) {
            if (adjoints.containsKey(parameter)) {
                gradients.put(parameter, adjoints.get(parameter));
            }
        }
        return new Result(gradients, adjoints, contributions);
    }

    private static BitSet dependsOnParameter(List<Node> order, List<Node> parameters) {
        BitSet depends = new BitSet();
        parameters.forEach(p -> depends.set(p.id()));
        for (Node node : order) {
            if (node.inputs().stream().anyMatch(input -> depends.get(input.id()))) {
                depends.set(node.id());
            }
        }
        return depends;
    }
}
