package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tensor operation. Each implementation keeps its whole definition in one
 * place: the shape rule, the forward evaluation (the reference semantics that
 * the interpreter runs and the generated code must match) and the local
 * derivative as a vector-Jacobian product built from other nodes.
 */
public sealed interface Op
        permits Op.Variable, Op.Constant, Map1, Map2, MatMul, Outer, Transpose, Sum, Broadcast,
                Extreme, ExtremeMask, LogSumExp, Slice, Pad {

    /** The result shape; throws {@link IllegalArgumentException} for operands the op does not take. */
    Shape shape(List<Shape> inputs);

    /** Computes the result from the operands' values, all row-major. */
    double[] evaluate(Node node, List<double[]> inputs);

    /**
     * Given dL/d(node), returns dL/d(input) for each input, in order; null
     * where the contribution is structurally zero.
     */
    List<Node> vjp(Node node, Node adjoint, Graph graph);

    /** A short lower-case word used to name unnamed temporaries ({@code matmul}, {@code tanh}). */
    String mnemonic();

    /** The chain-rule step for one input, for comments: {@code dL/da2 * sigmoid'(z2)}. */
    default String adjointNote(int input, String output, List<String> inputs) {
        return "dL/d" + output + " * d" + output + "/d" + inputs.get(input);
    }

    /**
     * Where a leaf is read from: the caller's input, target or the parameters,
     * or, in a Hessian-vector product, the direction {@code v} (laid out as the
     * parameters are, each parameter's direction at its offset).
     */
    enum VariableKind { INPUT, TARGET, PARAMETER, DIRECTION }

    /** A leaf read from the input, target, parameter or direction array at a constant offset. */
    record Variable(VariableKind kind, String name, int offset, Shape declaredShape) implements Op {
        public Shape shape(List<Shape> inputs) {
            return declaredShape;
        }

        public double[] evaluate(Node node, List<double[]> inputs) {
            throw new IllegalStateException("variables are bound by the interpreter");
        }

        public List<Node> vjp(Node node, Node adjoint, Graph graph) {
            return List.of();
        }

        public String mnemonic() {
            return name;
        }
    }

    /** A constant tensor, its values row-major. */
    record Constant(Shape constantShape, List<Double> values) implements Op {
        public Constant {
            values = List.copyOf(values);
        }

        public Shape shape(List<Shape> inputs) {
            return constantShape;
        }

        public double[] evaluate(Node node, List<double[]> inputs) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        public List<Node> vjp(Node node, Node adjoint, Graph graph) {
            return List.of();
        }

        public String mnemonic() {
            return "constant";
        }

        /** True when every element equals {@code value} (and so is not -0.0 for 0.0). */
        public boolean isUniform(double value) {
            Double boxed = value;
            return values.stream().allMatch(boxed::equals);
        }
    }

    /** A list of n nulls, for ops whose inputs get no gradient. */
    static List<Node> noGradients(int count) {
        return new ArrayList<>(Collections.nCopies(count, null));
    }
}
