package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates nodes directly from the ops' reference semantics: the oracle that
 * generated code is tested against, and what {@code dslc explain} shows.
 *
 * <pre>{@code
 * Map<Node, double[]> values = new Interpreter(input, target, parameters).evaluate(List.of(loss));
 * }</pre>
 */
public final class Interpreter {
    private final double[] input;
    private final double[] target;
    private final double[] parameters;
    private final double[] direction;

    public Interpreter(double[] input, double[] target, double[] parameters) {
        this(input, target, parameters, null);
    }

    /** For a Hessian-vector product: {@code direction} is v, laid out as the parameters are. */
    public Interpreter(double[] input, double[] target, double[] parameters, double[] direction) {
        this.input = input;
        this.target = target;
        this.parameters = parameters;
        this.direction = direction;
    }

    /** The values of the roots and of every node they depend on. */
    public Map<Node, double[]> evaluate(List<Node> roots) {
        Map<Node, double[]> values = new HashMap<>();
        for (Node node : Schedule.topological(roots)) {
            values.put(node, value(node, values));
        }
        return values;
    }

    private double[] value(Node node, Map<Node, double[]> values) {
        if (node.op() instanceof Op.Variable variable) {
            double[] source = switch (variable.kind()) {
                case INPUT -> input;
                case TARGET -> target;
                case PARAMETER -> parameters;
                case DIRECTION -> direction;
            };
            return java.util.Arrays.copyOfRange(source, variable.offset(), variable.offset() + node.size());
        }
        List<double[]> operands = new ArrayList<>();
        for (Node operand : node.inputs()) {
            operands.add(values.get(operand));
        }
        return node.op().evaluate(node, operands);
    }
}
