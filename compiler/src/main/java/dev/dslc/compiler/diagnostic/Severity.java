package dev.dslc.compiler.diagnostic;

public enum Severity {
    ERROR, WARNING;

    /** As printed: {@code error} or {@code warning}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
