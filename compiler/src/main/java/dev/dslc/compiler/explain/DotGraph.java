package dev.dslc.compiler.explain;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.LoweredModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's graphs in Graphviz DOT: the forward graph (what the model
 * computes, from its inputs and parameters to its output and loss) and the
 * backward graph (the nodes reverse mode added to compute each parameter's
 * gradient), as two clusters of one digraph. Edges carry the shape of what
 * flows along them; a parameter's gradient has a double border.
 *
 * <pre>{@code
 * System.out.print(DotGraph.render(Compiler.analyze(source).differentiated().orElseThrow()));
 * // dot -Tsvg -o model.svg
 * }</pre>
 */
public final class DotGraph {
    private static final Map<Explanation.Kind, String> FILL = Map.of(
            Explanation.Kind.INPUT, "#ecfdf5", Explanation.Kind.TARGET, "#f5f3ff",
            Explanation.Kind.PARAMETER, "#fefce8", Explanation.Kind.CONSTANT, "#f1f5f9",
            Explanation.Kind.OPERATION, "#ffffff");

    private final StringBuilder out = new StringBuilder();
    private final NodeNames names;
    private final Set<Node> gradients;

    private DotGraph(NodeNames names, Set<Node> gradients) {
        this.names = names;
        this.gradients = gradients;
    }

    public static String render(Compiler.Differentiated differentiated) {
        LoweredModel model = differentiated.model();
        List<Node> forward = Schedule.topological(List.of(model.output(), model.loss()));
        Map<Node, Node> adjoints = differentiated.derivative().adjoints();
        NodeNames names = NodeNames.of(model, forward, adjoints);
        Set<Node> gradients = new HashSet<>(differentiated.derivative().gradients().values());
        List<Node> backward = new ArrayList<>(Schedule.topological(gradients));
        backward.removeAll(forward);
        return new DotGraph(names, gradients).write(model, forward, backward);
    }

    private String write(LoweredModel model, List<Node> forward, List<Node> backward) {
        out.append("// ").append(model.className()).append(" (").append(model.sourceFileName())
                .append("): forward and backward graphs, by dslc graph. Render: dot -Tsvg -o graph.svg\n");
        out.append("digraph ").append(quote(model.className())).append(" {\n");
        out.append("  rankdir=LR;\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#64748b\"];\n");
        cluster("forward", "forward: the model", "#2563eb", forward, model);
        cluster("backward", "backward: dL/dparameters by reverse mode", "#d9480f", backward, model);
        for (Node node : forward) {
            edges(node);
        }
        for (Node node : backward) {
            edges(node);
        }
        return out.append("}\n").toString();
    }

    private void cluster(String id, String label, String color, List<Node> nodes, LoweredModel model) {
        out.append("  subgraph cluster_").append(id).append(" {\n");
        out.append("    label=").append(quote(label)).append("; color=").append(quote(color))
                .append("; fontcolor=").append(quote(color)).append(";\n");
        for (Node node : nodes) {
            out.append("    ").append(id(node)).append(" [label=").append(quote(label(node, model)));
            out.append(", fillcolor=").append(quote(FILL.get(Explanation.Kind.of(node))));
            if (gradients.contains(node)) {
                out.append(", peripheries=2, color=").append(quote(color));
            }
            out.append("];\n");
        }
        out.append("  }\n");
    }

    private void edges(Node node) {
        for (Node input : new java.util.LinkedHashSet<>(node.inputs())) {
            out.append("  ").append(id(input)).append(" -> ").append(id(node))
                    .append(" [label=").append(quote(input.shape().toString())).append("];\n");
        }
    }

    private String label(Node node, LoweredModel model) {
        if (node.op() instanceof Op.Constant constant && node.size() == 1) {
            return Numbers.format(constant.values().get(0));
        }
        String role = node == model.loss() ? " (loss)" : node == model.output() ? " (output)" : "";
        return names.of(node) + role + "\n" + Formulas.label(node) + " " + node.shape();
    }

    private static String id(Node node) {
        return "n" + node.id();
    }

    /** A DOT string: quotes and backslashes escaped, newlines as DOT's centred line break. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
