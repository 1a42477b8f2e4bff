package dev.dslc.compiler.diagnostic;

/** A problem found by a compiler stage, located by a span in the source. */
public record Diagnostic(Severity severity, Span span, String message) {

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, span, message);
    }

    public static Diagnostic warning(Span span, String message) {
        return new Diagnostic(Severity.WARNING, span, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
