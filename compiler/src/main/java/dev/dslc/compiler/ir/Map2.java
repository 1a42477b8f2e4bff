package dev.dslc.compiler.ir;

import com.palantir.javapoet.CodeBlock;
import java.util.Arrays;
import java.util.List;

/** z = x op y element by element; a scalar operand is broadcast to the other's shape. */
public record Map2(Kind kind) implements Op {

    public enum Kind {
        ADD("add", "+"), SUB("sub", "-"), MUL("mul", "*"), DIV("div", "/");

        private final String mnemonic;
        private final String symbol;

        Kind(String mnemonic, String symbol) {
            this.mnemonic = mnemonic;
            this.symbol = symbol;
        }

        public double apply(double x, double y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }

        public CodeBlock java(CodeBlock x, CodeBlock y) {
            return CodeBlock.of("$L " + symbol + " $L", x, y);
        }
    }

    public Shape shape(List<Shape> inputs) {
        Shape shape = Shape.broadcast(inputs.get(0), inputs.get(1));
        if (shape == null) {
            throw new IllegalArgumentException(kind + " of " + inputs.get(0) + " and " + inputs.get(1));
        }
        return shape;
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] x = inputs.get(0);
        double[] y = inputs.get(1);
        double[] z = new double[node.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = kind.apply(x.length == 1 ? x[0] : x[i], y.length == 1 ? y[0] : y[i]);
        }
        return z;
    }

    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        Node x = node.input(0);
        Node y = node.input(1);
        Node dx;
        Node dy;
        switch (kind) {
            case ADD -> {
                dx = adjoint;
                dy = adjoint;
            }
            case SUB -> {
                dx = adjoint;
                dy = graph.neg(adjoint);
            }
            case MUL -> {
                dx = graph.mul(adjoint, y);
                dy = graph.mul(adjoint, x);
            }
            // d(x/y)/dy = -x/y^2 = -z/y, from the stored quotient z.
            case DIV -> {
                dx = graph.div(adjoint, y);
                dy = graph.neg(graph.div(graph.mul(adjoint, node), y));
            }
            default -> throw new AssertionError(kind);
        }
        return Arrays.asList(unbroadcast(dx, x, graph), unbroadcast(dy, y, graph));
    }

    /** A scalar operand that was broadcast receives the sum of its adjoint. */
    private static Node unbroadcast(Node adjoint, Node operand, Graph graph) {
        return operand.shape().isScalar() && !adjoint.shape().isScalar() ? graph.sum(adjoint) : adjoint;
    }

    public String mnemonic() {
        return kind.mnemonic;
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        String other = inputs.get(1 - input);
        return switch (kind) {
            case ADD -> "dL/d" + output;
            case SUB -> input == 0 ? "dL/d" + output : "-dL/d" + output;
            case MUL -> "dL/d" + output + " * " + other;
            case DIV -> input == 0 ? "dL/d" + output + " / " + other
                    : "-dL/d" + output + " * " + output + " / " + inputs.get(1);
        };
    }
}
