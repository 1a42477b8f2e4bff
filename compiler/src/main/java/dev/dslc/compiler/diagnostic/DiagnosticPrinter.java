package dev.dslc.compiler.diagnostic;

/**
 * Formats a diagnostic the way javac and gcc do:
 * <pre>
 * model.nn:3:9: error: shape mismatch: [4, 2] @ [3]
 * h = W @ x
 *     ^~~~~
 * </pre>
 */
public final class DiagnosticPrinter {

    private DiagnosticPrinter() {
    }

    /** The first line only: {@code path:line:col: severity: message}. */
    public static String headline(SourceFile source, Diagnostic diagnostic, String path) {
        int start = diagnostic.span().start();
        return path + ":" + source.line(start) + ":" + source.column(start) + ": "
                + diagnostic.severity().label() + ": " + diagnostic.message();
    }

    /** The headline, the source line and a caret line under the span, joined with newlines. */
    public static String format(SourceFile source, Diagnostic diagnostic) {
        return format(source, diagnostic, source.path());
    }

    /** As {@link #format(SourceFile, Diagnostic)}, reporting the file under another path (say, absolute). */
    public static String format(SourceFile source, Diagnostic diagnostic, String path) {
        int start = diagnostic.span().start();
        int line = source.line(start);
        String lineText = source.lineText(line);
        int column = source.column(start);
        int lineEnd = lineText.length() + 1;
        int underlined = Math.max(1, Math.min(diagnostic.span().end() - start, lineEnd - column));
        StringBuilder caret = new StringBuilder();
        for (int i = 1; i < column; i++) {
            // Keep tabs so the caret lines up under the same text in any terminal.
            caret.append(i - 1 < lineText.length() && lineText.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        caret.append("~".repeat(underlined - 1));
        return headline(source, diagnostic, path) + "\n" + lineText + "\n" + caret;
    }
}
