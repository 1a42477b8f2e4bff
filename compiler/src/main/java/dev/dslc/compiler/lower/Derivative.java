package dev.dslc.compiler.lower;

import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code grad(e, x)} of the source as lowering built it, for tools that
 * show the graph ({@code dslc explain} names these nodes {@code de/dx}).
 *
 * @param of            the differentiated expression's name where the source wrote a name ({@code u}), else null
 * @param with          the name differentiated with respect to ({@code t})
 * @param value         the node of {@code e}
 * @param result        the node of {@code grad(e, x)}, in x's shape
 * @param adjoints      de/dnode for every node of e that got one (de/dx among them)
 * @param contributions for each such node, the chain-rule terms summed into it
 */
public record Derivative(String of, String with, Node value, Node result, Map<Node, Node> adjoints,
                         Map<Node, List<ReverseMode.Contribution>> contributions) {

    /**
     * Reverse mode from {@code value} to {@code variable}, with {@code variable}
     * then replaced by {@code replacement} everywhere (lowering differentiates
     * with respect to a stand-in for a binding; see {@code Lowering.grad}), in
     * this derivative and in the {@code inner} ones built while lowering
     * {@code value}, which are returned first. The result is de/dx in x's
     * shape, a zero where e does not depend on x through any differentiable path.
     */
    static List<Derivative> build(Graph graph, String of, String with, Node value, Node variable, Node replacement,
                                  List<Derivative> inner) {
        ReverseMode.Result derivative = ReverseMode.differentiate(graph, value, List.of(variable));
        Shape shape = variable.shape();
        Node result = derivative.gradients().get(variable);
        if (result == null) {
            result = zeros(graph, shape);
        } else if (!result.shape().equals(shape)) {
            result = graph.broadcast(result, shape); // an adjoint of a broadcast scalar may be built scalar
        }
        Substitution substitution = new Substitution(graph, variable, replacement);
        List<Derivative> all = new ArrayList<>();
        for (Derivative built : inner) {
            all.add(built.substituted(substitution));
        }
        all.add(new Derivative(of, with, value, result, derivative.adjoints(), derivative.contributions())
                .substituted(substitution));
        return all;
    }

    /** This derivative's nodes rebuilt by {@code substitution}, in node order. */
    private Derivative substituted(Substitution substitution) {
        Map<Node, Node> substitutedAdjoints = new LinkedHashMap<>();
        Map<Node, List<ReverseMode.Contribution>> substitutedContributions = new LinkedHashMap<>();
        for (Node node : adjoints.keySet().stream().sorted(Comparator.comparingInt(Node::id)).toList()) {
            substitutedAdjoints.put(substitution.of(node), substitution.of(adjoints.get(node)));
            List<ReverseMode.Contribution> kept = new ArrayList<>();
            for (ReverseMode.Contribution term : contributions.getOrDefault(node, List.of())) {
                Node user = substitution.of(term.user());
                // A rewrite may fold the user into another operation (x replaced by a constant): no longer a chain-rule step.
                if (user.op().equals(term.user().op())) {
                    kept.add(new ReverseMode.Contribution(user, term.inputIndex()));
                }
            }
            if (contributions.containsKey(node)) {
                substitutedContributions.put(substitution.of(node), kept);
            }
        }
        return new Derivative(of, with, substitution.of(value), substitution.of(result), substitutedAdjoints,
                substitutedContributions);
    }

    private static Node zeros(Graph graph, Shape shape) {
        Node zero = graph.constant(0.0);
        return shape.isScalar() ? zero : graph.broadcast(zero, shape);
    }

    /** Rebuilds nodes that depend on {@code from} with {@code to} in its place; the graph interns and simplifies them. */
    private static final class Substitution {
        private final Graph graph;
        private final Map<Node, Node> done = new HashMap<>();
        private final boolean identity;

        Substitution(Graph graph, Node from, Node to) {
            this.graph = graph;
            this.identity = from == to;
            done.put(from, to);
        }

        Node of(Node root) {
            if (identity) {
                return root;
            }
            Node known = done.get(root);
            if (known != null) {
                return known;
            }
            for (Node node : Schedule.topological(List.of(root), n -> done.containsKey(n) ? List.of() : n.inputs())) {
                if (done.containsKey(node)) {
                    continue;
                }
                boolean changed = false;
                Node[] inputs = new Node[node.inputs().size()];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = done.getOrDefault(node.input(i), node.input(i));
                    changed |= inputs[i] != node.input(i);
                }
                done.put(node, changed ? graph.make(node.op(), inputs) : node);
            }
            return done.get(root);
        }
    }
}
