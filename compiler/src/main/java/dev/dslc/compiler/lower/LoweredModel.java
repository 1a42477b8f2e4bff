package dev.dslc.compiler.lower;

import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * A model as a tensor DAG: the checked declarations plus the nodes of its
 * output and loss.
 *
 * @param parameterNodes one variable node per parameter, in declaration order; a {@code const} is a parameter
 *                       node too (it is read from the parameter array), but not a {@linkplain #trainableNodes()
 *                       trainable} one
 * @param names          source names of nodes that a binding, input, target or parameter named
 * @param derivatives    each {@code grad(e, x)} of the source as it was built, in the order lowering built them;
 *                       their nodes are ordinary nodes of the output's and the loss's graph
 */
public record LoweredModel(
        String className,
        String sourceFileName,
        List<Declaration> inputs,
        List<Declaration> targets,
        List<Declaration> parameters,
        List<String> equations,
        Graph graph,
        List<Node> parameterNodes,
        Node output,
        Node loss,
        Map<Node, String> names,
        List<Derivative> derivatives) {

    /** The nodes the loss is differentiated with respect to: the parameters that are not {@code const}. */
    public List<Node> trainableNodes() {
        List<Node> trainable = new java.util.ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).trainable()) {
                trainable.add(parameterNodes.get(i));
            }
        }
        return trainable;
    }

    /** One variable node per input, in declaration order: the graph interns them, so these are the model's own. */
    public List<Node> inputNodes() {
        return inputs.stream().map(d -> graph.variable(dev.dslc.compiler.ir.Op.VariableKind.INPUT, d.name(), d.offset(),
                d.shape())).toList();
    }

    public int inputSize() {
        return inputs.stream().mapToInt(d -> d.shape().size()).sum();
    }

    public int targetSize() {
        return targets.stream().mapToInt(d -> d.shape().size()).sum();
    }

    public int parameterCount() {
        return parameters.stream().mapToInt(d -> d.shape().size()).sum();
    }
}
