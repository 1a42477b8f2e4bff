package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.syntax.Initializer;
import java.util.Optional;

/**
 * An input, target or parameter with its place in its flat array.
 *
 * @param initializer only for parameters; empty means zeros
 * @param trainable   true for a {@code param}; false for a {@code const}, which sits in the parameter array but is
 *                    never differentiated or trained, and for inputs and targets
 * @param text        the declaration as written, for the generated Javadoc
 */
public record Declaration(String name, Shape shape, int offset, Optional<Initializer> initializer, boolean trainable,
        Span span, String text) {
}
