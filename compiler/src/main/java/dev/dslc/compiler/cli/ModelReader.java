package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;

/**
 * Reads and analyses the model that {@code explain} and {@code graph} work
 * on, printing its diagnostics as the compile command does.
 */
final class ModelReader {

    private ModelReader() {
    }

    /**
     * The model in {@code file} (as typed), lowered and differentiated.
     *
     * <pre>{@code
     * Compiler.Differentiated model = ModelReader.read("seed221.nn", terminal);
     * }</pre>
     *
     * @throws CommandFailure after reporting an unreadable file (status 2) or errors in the model (status 1)
     */
    static Compiler.Differentiated read(String file, Terminal terminal) throws CommandFailure {
        SourceFile source;
        try {
            source = SourceReader.read(terminal.resolve(file), file);
        } catch (IOException e) {
            terminal.error(e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
        Compiler.Analysis analysis = Compiler.analyze(source);
        for (Diagnostic diagnostic : analysis.diagnostics()) {
            terminal.err().println(DiagnosticPrinter.format(source, diagnostic));
        }
        if (analysis.differentiated().isEmpty()) {
            long errors = analysis.diagnostics().stream().filter(Diagnostic::isError).count();
            terminal.err().println(errors + (errors == 1 ? " error" : " errors"));
            throw new CommandFailure(ExitStatus.COMPILE_ERRORS);
        }
        return analysis.differentiated().get();
    }

    /** Writes {@code content} to {@code target} whole, or to standard output for {@code -}. */
    static void write(String target, String content, Terminal terminal) throws CommandFailure {
        if (target.equals("-")) {
            terminal.out().print(content);
            terminal.out().flush();
            return;
        }
        try {
            AtomicFileWriter.write(terminal.resolve(target), content);
        } catch (IOException e) {
            terminal.error(e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }
}
