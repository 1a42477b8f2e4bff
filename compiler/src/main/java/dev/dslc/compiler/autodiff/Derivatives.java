package dev.dslc.compiler.autodiff;

import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Schedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The derivatives beyond the loss gradient that a class offers as entry
 * points (docs/derivatives.md), each built symbolically by {@link ReverseMode}
 * from IR nodes, so that the emitter writes them as it writes any other value:
 * <ul>
 * <li>the input gradient, dLoss/dInput: reverse mode with respect to the inputs;
 * <li>the Jacobian dOutput/dInput: one reverse pass per output element, seeded one-hot;
 * <li>the Hessian-vector product (d2 Loss / dParameters2) v: reverse over reverse. The
 *     gradient's nodes are themselves differentiable, so H v is the gradient of the scalar
 *     sum over parameters of sum(gradient * v), v a leaf read from the caller's direction array.
 * </ul>
 * Each is absent where it is not wanted or, under a size bound, where the
 * nodes it needs would pass the bound.
 *
 * @param inputGradient        each input's gradient node, absent where it is structurally zero
 * @param jacobianRows         for each output element, in row-major order, each input's row slice
 * @param hessianVectorProduct the direction leaves and the products
 */
public record Derivatives(Optional<Map<Node, Node>> inputGradient, Optional<List<Map<Node, Node>>> jacobianRows,
        Optional<HessianVectorProduct> hessianVectorProduct) {

    /** No entry points beyond the loss gradient. */
    public static final Derivatives NONE = new Derivatives(Optional.empty(), Optional.empty(), Optional.empty());

    /** These without the Jacobian. */
    public Derivatives withoutJacobian() {
        return new Derivatives(inputGradient, Optional.empty(), hessianVectorProduct);
    }

    /**
     * @param directions each trainable parameter's direction leaf (its slice of v)
     * @param products   each trainable parameter's slice of H v, absent where it is structurally zero
     */
    public record HessianVectorProduct(Map<Node, Node> directions, Map<Node, Node> products) {
    }

    /**
     * Builds the three, each only when the operations it computes (the forward
     * values it reads included) number at most {@code maxOperations}, and the
     * Jacobian only for an output of at most {@code maxJacobianRows} elements.
     *
     * @param gradient the loss's gradient with respect to {@code trainable}, as the backward pass computes it
     */
    public static Derivatives build(Graph graph, Node loss, Node output, List<Node> inputs, List<Node> trainable,
            ReverseMode.Result gradient, long maxOperations, int maxJacobianRows) {
        Map<Node, Node> inputGradient = ReverseMode.differentiate(graph, loss, inputs).gradients();
        Optional<Map<Node, Node>> keptInputGradient = within(inputGradient, List.of(loss), inputGradient.values(),
                maxOperations);
        Optional<List<Map<Node, Node>>> jacobian = Optional.empty();
        // one reverse pass per output element: refuse before building when the passes cannot fit
        long onePass = output.size() > maxJacobianRows ? Long.MAX_VALUE : onePass(graph, output, inputs);
        if (onePass <= maxOperations / output.size()) {
            List<Map<Node, Node>> rows = new ArrayList<>();
            List<Node> roots = new ArrayList<>();
            for (int k = 0; k < output.size(); k++) {
                Map<Node, Node> row = ReverseMode.differentiate(graph, output, oneHot(graph, output, k), inputs)
                        .gradients();
                rows.add(row);
                roots.addAll(row.values());
            }
            jacobian = within(Collections.unmodifiableList(rows), List.of(output), roots, maxOperations);
        }
        HessianVectorProduct product = hessianVectorProduct(graph, trainable, gradient);
        Optional<HessianVectorProduct> keptProduct = within(product, List.of(loss), product.products().values(),
                maxOperations);
        return new Derivatives(keptInputGradient, jacobian, keptProduct);
    }

    /** The operations of the Jacobian's first row, the forward values it reads included. */
    private static long onePass(Graph graph, Node output, List<Node> inputs) {
        return operations(List.of(output), ReverseMode.differentiate(graph, output, oneHot(graph, output, 0), inputs)
                .gradients().values());
    }

    /** Reverse over reverse: H v = d/dParameters of the sum over parameters of sum(dLoss/dParameter * v). */
    private static HessianVectorProduct hessianVectorProduct(Graph graph, List<Node> trainable,
            ReverseMode.Result gradient) {
        Map<Node, Node> directions = new LinkedHashMap<>();
        Node dot = null;
        for (Node parameter : trainable) {
            Op.Variable variable = (Op.Variable) parameter.op();
            Node direction = graph.variable(Op.VariableKind.DIRECTION, variable.name(), variable.offset(),
                    parameter.shape());
            directions.put(parameter, direction);
            Node slope = gradient.gradients().get(parameter);
            if (slope != null) {
                Node term = graph.sum(graph.mul(slope, direction));
                dot = dot == null ? term : graph.add(dot, term);
            }
        }
        Map<Node, Node> products = dot == null ? Map.of()
                : ReverseMode.differentiate(graph, dot, trainable).gradients();
        return new HessianVectorProduct(directions, products);
    }

    private static <T> Optional<T> within(T value, List<Node> alsoComputed, java.util.Collection<Node> roots,
            long maxOperations) {
        return operations(alsoComputed, roots) <= maxOperations ? Optional.of(value) : Optional.empty();
    }

    /** The operations (nodes that are not leaves) needed for all of these roots. */
    private static long operations(List<Node> alsoComputed, java.util.Collection<Node> roots) {
        List<Node> all = new ArrayList<>(alsoComputed);
        all.addAll(roots);
        return Schedule.topological(all).stream().filter(n -> !n.inputs().isEmpty()).count();
    }

    /**
     * The seed of row k: 1 at element k of the output's shape, 0 elsewhere, as a 1 padded with zeros, which
     * the rewrites fold into a constant where that is small, and which stays one node for a wide output.
     */
    private static Node oneHot(Graph graph, Node output, int k) {
        Node one = graph.constant(1.0);
        return output.shape().isScalar() ? one : graph.pad(one, k, output.shape());
    }
}
