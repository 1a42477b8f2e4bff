package dev.dslc.compiler.explain;

import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
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
 * generated class names its locals on its own; these names are only for
 * showing the graph.
 *
 * <pre>{@code
 * NodeNames names = NodeNames.of(model.names(), forwardNodes, model.loss(), derivative.adjoints());
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

    private NodeNames() {
    }

    /**
     * Names every node of {@code forward} (in order), then the derivative
     * nodes that are adjoints of forward nodes; other derivative nodes are
     * named when first asked for.
     */
    static NodeNames of(Map<Node, String> sourceNames, List<Node> forward, Node loss, Map<Node, Node> adjoints) {
        NodeNames result = new NodeNames();
        forward.stream().filter(sourceNames::containsKey).forEach(n -> result.assign(n, sourceNames.get(n)));
        if (!result.names.containsKey(loss)) {
            result.assign(loss, result.fresh("L"));
        }
        forward.stream().filter(sourceNames::containsKey).forEach(result::namePreActivation);
        Set<String> meaningful = new HashSet<>(result.taken);
        forward.forEach(result::of);
        // Several nodes can share one adjoint (z2, matmul2 and b2 do): name it after the most telling.
        List<Node> byPreference = new ArrayList<>(forward);
        byPreference.sort(Comparator.comparing((Node n) -> n.inputs().isEmpty())
                .thenComparing(n -> !meaningful.contains(result.names.get(n))));
        for (Node node : byPreference) {
            Node adjoint = adjoints.get(node);
            if (adjoint != null && !result.names.containsKey(adjoint)) {
                result.assign(adjoint, "dL/d" + result.of(node));
            }
        }
        return result;
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
