package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;
import java.util.List;

/** How a parameter starts: {@code = 0.5}, {@code = [[..]]} or {@code ~ xavier}. */
public sealed interface Initializer {

    Span span();

    record Constant(SignedNumber value) implements Initializer {
        public Span span() {
            return value.span();
        }
    }

    record Literal(TensorLiteral tensor) implements Initializer {
        public Span span() {
            return tensor.span();
        }
    }

    /** {@code ~ normal(0, 0.1)}: a distribution name and its numeric arguments. */
    record Random(Identifier distribution, List<SignedNumber> arguments, Span span) implements Initializer {
        public Random {
            arguments = List.copyOf(arguments);
        }
    }
}
