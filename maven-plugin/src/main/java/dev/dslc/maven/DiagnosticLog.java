package dev.dslc.maven;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Prints diagnostics to the Maven log the way the {@code dslc} command prints
 * them to standard error ({@code /abs/path/xor.nn:9:16: error: ...}, the
 * source line, a caret), and counts them to decide whether the build fails.
 */
final class DiagnosticLog {
    private final Log log;
    private int errors;
    private int warnings;
    private int filesWithErrors;
    private int filesWithWarnings;

    DiagnosticLog(Log log) {
        this.log = log;
    }

    /** Logs one model's diagnostics; {@code source}'s path is the one shown. */
    void report(SourceFile source, List<Diagnostic> diagnostics) {
        int errorsBefore = errors;
        int warningsBefore = warnings;
        for (Diagnostic diagnostic : diagnostics) {
            String text = DiagnosticPrinter.format(source, diagnostic, source.path());
            if (diagnostic.isError()) {
                errors++;
                log.error(text);
            } else {
                warnings++;
                log.warn(text);
            }
        }
        filesWithErrors += errors > errorsBefore ? 1 : 0;
        filesWithWarnings += warnings > warningsBefore ? 1 : 0;
    }

    boolean hasErrors() {
        return errors > 0;
    }

    /** Fails on any error, and on any warning when {@code failOnWarning} is set. */
    void failIfNeeded(boolean failOnWarning) throws MojoFailureException {
        if (errors > 0) {
            throw new MojoFailureException(count(errors, "error") + " in " + count(filesWithErrors, "model file"));
        }
        if (failOnWarning && warnings > 0) {
            throw new MojoFailureException(count(warnings, "warning") + " in "
                    + count(filesWithWarnings, "model file") + ", and failOnWarning is set");
        }
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
