package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;
import java.util.List;

/**
 * A rectangular literal of rank 1 or 2, its elements in row-major order.
 *
 * @param dimensions {@code [n]} or {@code [rows, columns]}
 */
public record TensorLiteral(List<Integer> dimensions, List<SignedNumber> elements, Span span) {
    public TensorLiteral {
        dimensions = List.copyOf(dimensions);
        elements = List.copyOf(elements);
    }
}
