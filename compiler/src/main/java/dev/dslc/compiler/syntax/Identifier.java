package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Span;

/** A name as written in the source. */
public record Identifier(String text, Span span) {
}
