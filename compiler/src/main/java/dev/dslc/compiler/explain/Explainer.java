package dev.dslc.compiler.explain;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.explain.Explanation.Edge;
import dev.dslc.compiler.explain.Explanation.Given;
import dev.dslc.compiler.explain.Explanation.Kind;
import dev.dslc.compiler.explain.Explanation.NodeView;
import dev.dslc.compiler.explain.Explanation.Pass;
import dev.dslc.compiler.explain.Explanation.Step;
import dev.dslc.compiler.explain.Explanation.Tensor;
import dev.dslc.compiler.ir.Interpreter;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.LoweredModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works one example through a model: evaluates its forward graph and its
 * derivative with the IR {@link Interpreter}, and writes each step as the
 * explain page animates and logs it.
 *
 * <pre>{@code
 * Explanation e = Explainer.explain(differentiated, new Explainer.Example(input, target, parameters, "given"));
 * }</pre>
 */
public final class Explainer {

    /**
     * The numbers to work through, laid out as the generated class takes them.
     *
     * @param description how they were chosen, for the page's header
     */
    public record Example(double[] input, double[] target, double[] parameters, String description) {
    }

    private final LoweredModel model;
    private final ReverseMode.Result derivative;
    private final List<Node> forward;
    private final NodeNames names;
    private final Formulas formulas;

    private Explainer(Compiler.Differentiated differentiated) {
        this.model = differentiated.model();
        this.derivative = differentiated.derivative();
        this.forward = Schedule.topological(List.of(model.output(), model.loss()));
        this.names = NodeNames.of(model, forward, derivative.adjoints());
        this.formulas = new Formulas(names, model.graph(), derivative.adjoints());
    }

    public static Explanation explain(Compiler.Differentiated differentiated, Example example) {
        return new Explainer(differentiated).explain(example);
    }

    private Explanation explain(Example example) {
        List<Step> steps = new ArrayList<>(forwardSteps());
        steps.addAll(backwardSteps());
        List<Node> drawn = forward.stream().filter(n -> !Formulas.isInlineConstant(n) || n == model.output()
                || n == model.loss()).toList();
        Map<String, Tensor> values = values(example);
        return new Explanation(model.className(), model.sourceFileName(), example.description(), nodeViews(drawn),
                edges(drawn), given(), steps, values);
    }

    // ---- steps

    private List<Step> forwardSteps() {
        List<Step> steps = new ArrayList<>();
        for (Node node : forward) {
            if (!node.inputs().isEmpty()) {
                Formulas.Formula formula = formulas.forward(node);
                List<Edge> edges = node.inputs().stream().filter(i -> !Formulas.isInlineConstant(i)).distinct()
                        .map(i -> edge(i, node)).toList();
                steps.add(new Step(Pass.FORWARD, node.id(), names.of(node), formula.symbolic(), formula.numeric(),
                        Formulas.valueKey(node), edges));
            }
        }
        return steps;
    }

    /**
     * The loss first, then each node in reverse graph order, the order in
     * which reverse mode completes their adjoints; a parameter comes as soon
     * as all of its uses have been seen, so {@code dL/dW2} follows
     * {@code dL/dz2} as in the tutorials.
     */
    private List<Step> backwardSteps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(Pass.BACKWARD, model.loss().id(), NodeNames.derivative("L", names.of(model.loss())), "1", List.of(),
                Formulas.adjointKey(model.loss()), List.of()));
        Set<Node> done = new HashSet<>(Set.of(model.loss()));
        Set<Node> leaves = new LinkedHashSet<>(model.parameterNodes());
        leaves.retainAll(derivative.contributions().keySet());
        for (int i = forward.size() - 1; i >= 0; i--) {
            Node node = forward.get(i);
            if (!node.inputs().isEmpty() && derivative.contributions().containsKey(node)) {
                steps.add(backwardStep(node));
                done.add(node);
                for (Node leaf : List.copyOf(leaves)) {
                    if (derivative.contributions().get(leaf).stream().allMatch(c -> done.contains(c.user()))) {
                        steps.add(backwardStep(leaf));
                        leaves.remove(leaf);
                    }
                }
            }
        }
        return steps;
    }

    private Step backwardStep(Node node) {
        List<ReverseMode.Contribution> contributions = derivative.contributions().get(node);
        Formulas.Formula formula = formulas.backward(node, contributions);
        List<Part> numeric = formula.numeric();
        // dL/db1 = dL/dz1 = [..] = [..] says nothing twice: drop a substitution that is just the result.
        if (numeric.size() == 1 && numeric.get(0) instanceof Part.Value v && v.index() < 0
                && derivative.adjoints().get(node) == derivative.adjoints().get(contributions.get(0).user())) {
            numeric = List.of();
        }
        List<Edge> edges = contributions.stream().map(ReverseMode.Contribution::user).distinct()
                .map(user -> edge(node, user)).toList();
        return new Step(Pass.BACKWARD, node.id(), NodeNames.derivative("L", names.of(node)), formula.symbolic(), numeric,
                Formulas.adjointKey(node), edges);
    }

    // ---- the drawing

    private List<NodeView> nodeViews(List<Node> drawn) {
        Map<Node, LayeredLayout.Place> places = LayeredLayout.place(drawn);
        List<NodeView> views = new ArrayList<>();
        for (Node node : drawn) {
            LayeredLayout.Place place = places.get(node);
            String gradient = derivative.adjoints().containsKey(node) ? Formulas.adjointKey(node) : null;
            views.add(new NodeView(node.id(), names.of(node), Kind.of(node), Formulas.label(node), node.shape(),
                    place.column(), place.row(), Formulas.valueKey(node), gradient,
                    node == model.output(), node == model.loss()));
        }
        return views;
    }

    private static List<Edge> edges(List<Node> drawn) {
        List<Edge> edges = new ArrayList<>();
        for (Node node : drawn) {
            node.inputs().stream().filter(i -> !Formulas.isInlineConstant(i)).distinct()
                    .forEach(i -> edges.add(edge(i, node)));
        }
        return edges;
    }

    private static Edge edge(Node from, Node to) {
        return new Edge(from.id(), to.id(), from.shape().toString());
    }

    private List<Given> given() {
        return forward.stream().filter(n -> n.inputs().isEmpty() && !Formulas.isInlineConstant(n))
                .map(n -> new Given(n.id(), names.of(n), Formulas.valueKey(n))).toList();
    }

    // ---- the numbers

    private Map<String, Tensor> values(Example example) {
        Map<Node, Node> adjoints = derivative.adjoints();
        List<Node> roots = new ArrayList<>(forward);
        forward.stream().filter(adjoints::containsKey).map(adjoints::get).forEach(roots::add);
        roots.addAll(formulas.quoted());
        Map<Node, double[]> evaluated = new Interpreter(example.input(), example.target(), example.parameters())
                .evaluate(roots);
        Map<String, Tensor> values = new HashMap<>();
        for (Node node : forward) {
            values.put(Formulas.valueKey(node), new Tensor(node.shape(), evaluated.get(node)));
            Node adjoint = adjoints.get(node);
            if (adjoint != null) {
                // An adjoint of a broadcast scalar may be built scalar; show it in the node's shape.
                values.put(Formulas.adjointKey(node), new Tensor(node.shape(), fill(evaluated.get(adjoint), node.size())));
            }
        }
        for (Node node : formulas.quoted()) {
            values.put(Formulas.quotedKey(node), new Tensor(node.shape(), evaluated.get(node)));
        }
        return values;
    }

    private static double[] fill(double[] value, int size) {
        if (value.length == size) {
            return value;
        }
        double[] filled = new double[size];
        java.util.Arrays.fill(filled, value[0]);
        return filled;
    }
}
