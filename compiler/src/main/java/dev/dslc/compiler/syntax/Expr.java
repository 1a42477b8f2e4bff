package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;
import java.util.List;

/** An expression as written, with its source span. */
public sealed interface Expr {

    Span span();

    /** The expressions directly inside this one, left to right. */
    default List<Expr> parts() {
        if (this instanceof Binary binary) {
            return List.of(binary.left(), binary.right());
        }
        if (this instanceof Call call) {
            return call.arguments();
        }
        if (this instanceof Negate negate) {
            return List.of(negate.operand());
        }
        if (this instanceof Transpose transpose) {
            return List.of(transpose.operand());
        }
        return this instanceof Index index ? List.of(index.target()) : List.of();
    }

    /** Visits this expression and everything in it, without recursion (a long sum would overflow the stack). */
    default void forEachPart(java.util.function.Consumer<Expr> visitor) {
        List<Expr> pending = new java.util.ArrayList<>(List.of(this));
        while (!pending.isEmpty()) {
            Expr expr = pending.remove(pending.size() - 1);
            visitor.accept(expr);
            pending.addAll(expr.parts());
        }
    }

    /** A number literal such as {@code 0.5} or {@code 1e-3}; never negative (minus is an operator). */
    record Number(SignedNumber literal) implements Expr {
        public Span span() {
            return literal.span();
        }
    }

    /** A reference to an input, target, parameter or binding. */
    record Name(Identifier identifier) implements Expr {
        public Span span() {
            return identifier.span();
        }
    }

    /** A call of a built-in function: {@code sigmoid(z)}, {@code leaky_relu(x, 0.1)}. */
    record Call(Identifier function, List<Expr> arguments, Span span) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** Element or row access with integer literal indices: {@code x[0]}, {@code W[1, 2]}. */
    record Index(Expr target, List<SignedNumber> indices, Span span) implements Expr {
        public Index {
            indices = List.copyOf(indices);
        }
    }

    /** A tensor literal inside an expression: {@code [1, 2]}, {@code [[1, -2], [3, 4]]}. */
    record Literal(TensorLiteral tensor) implements Expr {
        public Span span() {
            return tensor.span();
        }
    }

    /** Unary minus. */
    record Negate(Expr operand, Span span) implements Expr {
    }

    /** The postfix transpose {@code A'}. */
    record Transpose(Expr operand, Span span) implements Expr {
    }

    /** {@code left op right}; {@code span} covers both operands, {@code operatorSpan} the operator. */
    record Binary(BinaryOperator operator, Expr left, Expr right, Span operatorSpan, Span span) implements Expr {

        /**
         * This expression and the left-associative operations below it on its
         * left, innermost first: for {@code a + b * c - d}, [{@code a + b * c},
         * {@code (a + b * c) - d}]. Stages walk a long sum through this list
         * rather than recursing down it, which would overflow the stack. A
         * power is right-associative and is its own spine.
         */
        public java.util.List<Binary> leftSpine() {
            java.util.ArrayList<Binary> spine = new java.util.ArrayList<>();
            Binary current = this;
            spine.add(current);
            while (current.operator != BinaryOperator.POWER && current.left instanceof Binary next
                    && next.operator != BinaryOperator.POWER) {
                spine.add(next);
                current = next;
            }
            java.util.Collections.reverse(spine);
            return spine;
        }
    }

    enum BinaryOperator {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MATMUL("@"), POWER("^");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
