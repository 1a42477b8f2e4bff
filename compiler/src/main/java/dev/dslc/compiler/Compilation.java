package dev.dslc.compiler;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.util.List;
import java.util.Optional;

/**
 * What compiling one {@code .nn} file produced: its diagnostics (errors and
 * warnings, in source order) and, when there were no errors, the class.
 */
public record Compilation(SourceFile source, List<Diagnostic> diagnostics, Optional<GeneratedClass> generated) {

    public Compilation {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return diagnostics.size() - errorCount();
    }
}
