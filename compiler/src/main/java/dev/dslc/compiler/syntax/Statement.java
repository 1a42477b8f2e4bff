package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;
import java.util.List;
import java.util.Optional;

/** One statement of a {@code .nn} file, with the span of its whole text. */
public sealed interface Statement {

    Span span();

    /** {@code model Name}. */
    record ModelName(Identifier name, Span span) implements Statement {
    }

    /** {@code input x[2]} or {@code target y}; an empty dimension list is a scalar. */
    record Data(DataKind kind, Identifier name, List<SignedNumber> dimensions, Span span) implements Statement {
        public Data {
            dimensions = List.copyOf(dimensions);
        }
    }

    enum DataKind { INPUT, TARGET }

    /**
     * {@code param W[4, 2] ~ xavier}, or, when not {@code trainable},
     * {@code const mu[4] = 0}: a tensor of the parameter array that training
     * never changes. No initialiser means zeros.
     */
    record Param(Identifier name, List<SignedNumber> dimensions, Optional<Initializer> initializer, boolean trainable,
            Span span) implements Statement {
        public Param {
            dimensions = List.copyOf(dimensions);
        }
    }

    /** {@code name = expr}. */
    record Binding(Identifier name, Expr value, Span span) implements Statement {
    }

    /** {@code output expr}. */
    record Output(Expr value, Span span) implements Statement {
    }

    /** {@code loss expr}. */
    record Loss(Expr value, Span span) implements Statement {
    }
}
