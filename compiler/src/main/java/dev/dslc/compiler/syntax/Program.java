package dev.dslc.compiler.syntax;

import java.util.List;

/** A parsed {@code .nn} file: its statements in source order. */
public record Program(List<Statement> statements) {
    public Program {
        statements = List.copyOf(statements);
    }
}
