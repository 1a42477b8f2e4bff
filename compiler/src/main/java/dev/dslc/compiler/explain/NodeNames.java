package dev.dslc.compiler.explain;

import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.lower.Derivative;
import dev.dslc.compiler.lower.LoweredModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How nodes are named on the explain page and in {@code dslc graph}: by their
 * source name where the model gave one ({@code a1}, {@code W1}), the loss as
 * {@code L}, the argument of a named activation as the textbook's
 * pre-activation ({@code z1} for {@code a1 = sigmoid(...)}), and anything else
 * after its operation, numbered in graph order ({@code matmul1}). A
 * derivative node that is some node's adjoint reads {@code dL/dz1}. The
 * nodes a {@code grad(u, t)} of the source made are forward nodes named the
 * same way: {@code du/dt} for the result, {@code du/dz_h} for the adjoint of
 * {@code z_h} on the way, and {@code tanh'(z_h)} for the local derivative
 * that a chain-rule step multiplies by. The generated class names its locals
 * on its own; these names are only for showing the graph.
 *
 * <pre>{@code
 * NodeNames names = NodeNames.of(model, forwardNodes, derivative.adjoints());
 * names.of(node)  // "z1"
 * }</pre>
 */
final class NodeNames {
    /** Functions whose argument is conventionally called the pre-activation z. */
    private static final Set<Fn> ACTIVATIONS = EnumSet.of(Fn.SIGMOID, Fn.TANH, Fn.RELU, Fn.LEAKY_RELU, Fn.SOFTPLUS);
    private static final Pattern LETTERS_THEN_DIGITS = Pattern.compile("[A-Za-z]+(\\d+)");

    private final Map<Node, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();
    /** Forward nodes that are a grad's chain-rule step: of which derivative, and the adjoint of which node. */
    private final Map<Node, ChainStep> chainSteps = new HashMap<>();

    /** A forward node that is de/dnode of the source's {@code grad(e, x)} {@code derivative}. */
    record ChainStep(Derivative derivative, Node node) {
    }

    private NodeNames() {
    }

    /**
     * Names every node of {@code forward} (in order), then the derivative
     * nodes that are adjoints of forward nodes; other derivative nodes are
     * named when first asked for.
     */
    static NodeNames of(LoweredModel model, List<Node> forward, Map<Node, Node> adjoints) {
        NodeNames result = new NodeNames();
        Map<Node, String> sourceNames = model.names();
        forward.stream().filter(sourceNames::containsKey).forEach(n -> result.assign(n, sourceNames.get(n)));
        if (!result.names.containsKey(model.loss())) {
            result.assign(model.loss(), result.fresh("L"));
        }
        forward.stream().filter(sourceNames::containsKey).forEach(result::namePreActivation);
        Set<String> meaningful = new HashSet<>(result.taken);
        // Inner grads were built first, so an outer one's names can read theirs.
        for (Derivative derivative : model.derivatives()) {
            result.nameDerivative(derivative, meaningful, model.graph());
        }
        forward.forEach(result::of);
        result.nameAdjoints(forward, "L", adjoints, meaningful, null);
        return result;
    }

    /** {@code de/dx}: the derivative of the node named {@code of} with respect to the one named {@code with}. */
    static String derivative(String of, String with) {
        return "d" + wrapped(of) + "/d" + wrapped(with);
    }

    /** A name that is itself a derivative or a function of something, in parentheses: {@code dL/d(du/dt)}. */
    private static String wrapped(String name) {
        return name.matches("[A-Za-z0-9_]+") ? name : "(" + name + ")";
    }

    /** The grad whose chain-rule step {@code node} is, if it is one. */
    ChainStep chainStep(Node node) {
        return chainSteps.get(node);
    }

    private void nameDerivative(Derivative derivative, Set<String> meaningful, Graph graph) {
        String of = derivative.of() != null ? derivative.of() : of(derivative.value());
        if (!names.containsKey(derivative.result())) {
            assign(derivative.result(), fresh(derivative(of, derivative.with())));
        }
        List<Node> nodes = derivative.adjoints().keySet().stream().sorted(Comparator.comparingInt(Node::id)).toList();
        nameAdjoints(nodes, of, derivative.adjoints(), meaningful, derivative);
        for (Node node : nodes) {
            for (ReverseMode.Contribution term : derivative.contributions().getOrDefault(node, List.of())) {
                Node user = term.user();
                if (user.op() instanceof Map1 map && derivative.adjoints().containsKey(user)) {
                    Node value = user.op().vjp(user, derivative.adjoints().get(user), graph).get(term.inputIndex());
                    if (value != null && value.op() instanceof Map2 product && product.kind() == Map2.Kind.MUL
                            && value.input(0) == derivative.adjoints().get(user)) {
                        nameLocal(value.input(1), map.fn().mnemonic() + "'(" + of(node) + ")");
                    }
                }
            }
        }
    }

    /** True when node's adjoint is made by its chain-rule terms, rather than being a user's adjoint passed on unchanged. */
    private static boolean computes(Derivative derivative, Node node) {
        List<ReverseMode.Contribution> terms = derivative.contributions().getOrDefault(node, List.of());
        Node adjoint = derivative.adjoints().get(node);
        return !terms.isEmpty() && terms.stream().noneMatch(t -> derivative.adjoints().get(t.user()) == adjoint);
    }

    /** The local derivative f'(x) of a chain-rule step, unless it is a name of the source or a number. */
    private void nameLocal(Node factor, String name) {
        if (!names.containsKey(factor) && !factor.isConstant() && !(factor.op() instanceof Op.Variable)) {
            assign(factor, fresh(name));
        }
    }

    /**
     * Names each node's adjoint {@code dL/dnode} (or de/dnode for a grad).
     * Several nodes can share one adjoint (z2, matmul2 and b2 do): it is
     * named after the most telling.
     */
    private void nameAdjoints(List<Node> nodes, String of, Map<Node, Node> adjoints, Set<String> meaningful,
                              Derivative derivative) {
        List<Node> byPreference = new ArrayList<>(nodes);
        Comparator<Node> preference = Comparator.comparing((Node n) -> n.inputs().isEmpty())
                .thenComparing(n -> !meaningful.contains(names.get(n)));
        if (derivative != null) {
            // A grad's adjoint is a forward step: name it after the node whose rule computes it, not one it passes through.
            preference = preference.thenComparing(n -> !computes(derivative, n));
        }
        byPreference.sort(preference);
        for (Node node : byPreference) {
            Node adjoint = adjoints.get(node);
            if (adjoint != null && !names.containsKey(adjoint) && (derivative == null || !adjoint.isConstant())) {
                assign(adjoint, fresh(derivative(of, of(node))));
            }
            if (derivative != null && adjoint != null && !chainSteps.containsKey(adjoint) && computes(derivative, node)) {
                chainSteps.put(adjoint, new ChainStep(derivative, node));
            }
        }
    }

    /** The node's name, giving it one after its operation if it has none yet. */
    String of(Node node) {
        String name = names.get(node);
        if (name == null) {
            name = node.op() instanceof Op.Variable variable ? variable.name() : numbered(node.op().mnemonic());
            assign(node, name);
        }
        return name;
    }

    /** The name if the node was named from the source or the forward graph, else null. */
    String known(Node node) {
        return names.get(node);
    }

    private void namePreActivation(Node activation) {
        if (!(activation.op() instanceof Map1 map) || !ACTIVATIONS.contains(map.fn())) {
            return;
        }
        Node argument = activation.input(0);
        if (names.containsKey(argument) || argument.op() instanceof Op.Variable || argument.isConstant()) {
            return;
        }
        String activationName = names.get(activation);
        Matcher numbered = LETTERS_THEN_DIGITS.matcher(activationName);
        String candidate = numbered.matches() ? "z" + numbered.group(1) : "z_" + activationName;
        if (!taken.contains(candidate)) {
            assign(argument, candidate);
        }
    }

    private String numbered(String mnemonic) {
        String candidate;
        do {
            candidate = mnemonic + counters.merge(mnemonic, 1, Integer::sum);
        } while (taken.contains(candidate));
        return candidate;
    }

    private String fresh(String base) {
        String candidate = base;
        for (int suffix = 2; taken.contains(candidate); suffix++) {
            candidate = base + suffix;
        }
        return candidate;
    }

    private void assign(Node node, String name) {
        names.put(node, name);
        taken.add(name);
    }
}
