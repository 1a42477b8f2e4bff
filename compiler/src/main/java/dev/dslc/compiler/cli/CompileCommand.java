package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compilation;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dslc [options] FILE.nn...}: compiles each model into a Java class.
 * It goes on after a file that fails and exits with the worst outcome.
 */
final class CompileCommand implements Command {

    static final String USAGE = """
            usage: dslc [options] FILE.nn...

            Compiles each .nn model into a Java class that computes it and its gradients.

            options:
              -d, --output-dir DIR    where to write (default: the current directory);
                                      the file goes to DIR/<package path>/<Class>.java
              -p, --package NAME      the Java package (default: none)
                  --check             check only; write nothing
                  --verbose           print the stack trace of an internal error
                  --vector-api        write dot products with the incubating Vector API
                                      (faster; the classes then need
                                      --add-modules jdk.incubator.vector to compile and run)
                  --derivatives WHICH auto, all or none: the entry points inputGradient,
                                      jacobian and hessianVectorProduct (default auto:
                                      the first and last where each is at most 5,000
                                      operations, jacobian for a scalar output)
              -h, --help              print this help and exit
              -V, --version           print the version and exit
                  --                  end of options: what follows are files

            other commands (each has --help):
              dslc train MODEL.nn --data FILE.csv [options]    train a model on CSV data
              dslc predict MODEL.nn --params FILE --data FILE.csv
              dslc explain MODEL.nn [-o FILE.html]             a page that steps through backprop
              dslc graph MODEL.nn                              forward and backward graphs as DOT

            exit status: 0 compiled (warnings allowed), 1 errors in an input,
            2 usage or I/O problem, 3 internal error (a bug in dslc)
            """;

    /** The compiler as this command sees it; tests put in one that throws. */
    @FunctionalInterface
    interface CompileStep {
        Compilation compile(SourceFile source, String packageName, EmitOptions options);
    }

    private final CompileStep step;

    CompileCommand(CompileStep step) {
        this.step = step;
    }

    @Override
    public ExitStatus run(List<String> args, Terminal terminal) {
        CompileArguments parsed = CompileArguments.parse(args);
        if (parsed instanceof CompileArguments.Invalid invalid) {
            return terminal.usageError(invalid.message());
        }
        if (parsed instanceof CompileArguments.Help) {
            terminal.out().print(USAGE);
            return ExitStatus.SUCCESS;
        }
        if (parsed instanceof CompileArguments.Version) {
            terminal.out().println("dslc " + Version.current());
            return ExitStatus.SUCCESS;
        }
        return new Batch((CompileArguments.Options) parsed, terminal).compileAll();
    }

    /** One run over the input files, with what it has counted and written so far. */
    private final class Batch {
        private final CompileArguments.Options options;
        private final Terminal terminal;
        private final Path outputDir;
        /** Which input each output path came from, to catch two inputs making one class. */
        private final Map<Path, String> producers = new HashMap<>();
        private long errors;
        private long warnings;

        Batch(CompileArguments.Options options, Terminal terminal) {
            this.options = options;
            this.terminal = terminal;
            this.outputDir = terminal.resolve(options.outputDir());
        }

        ExitStatus compileAll() {
            ExitStatus status = ExitStatus.SUCCESS;
            for (String file : options.files()) {
                status = status.worst(compileFile(file));
            }
            printSummary();
            return status;
        }

        private ExitStatus compileFile(String file) {
            SourceFile source;
            try {
                source = SourceReader.read(terminal.resolve(file), file);
            } catch (IOException e) {
                terminal.error(e.getMessage());
                return ExitStatus.USAGE_OR_IO;
            }
            Compilation compilation;
            try {
                compilation = compileAndReport(source);
            } catch (Throwable t) {
                // Anything, StackOverflowError included: one model must not hide the others.
                return BugReport.print(terminal, "while compiling " + file, t, options.verbose());
            }
            if (compilation.hasErrors()) {
                return ExitStatus.COMPILE_ERRORS;
            }
            return compilation.generated()
                    .map(generated -> emit(file, generated))
                    .orElseGet(() -> BugReport.print(terminal, "while compiling " + file,
                            new IllegalStateException("no errors, yet no class generated"), options.verbose()));
        }

        private Compilation compileAndReport(SourceFile source) {
            Compilation compilation = step.compile(source, options.packageName(), options.emit());
            for (Diagnostic diagnostic : compilation.diagnostics()) {
                terminal.err().println(DiagnosticPrinter.format(source, diagnostic));
            }
            errors += compilation.errorCount();
            warnings += compilation.warningCount();
            return compilation;
        }

        private ExitStatus emit(String file, GeneratedClass generated) {
            Path target = outputDir.resolve(generated.relativePath()).normalize();
            String earlier = producers.putIfAbsent(target, file);
            if (earlier != null) {
                terminal.error(file + ": class " + generated.qualifiedName() + " is already generated from " + earlier);
                errors++;
                return ExitStatus.COMPILE_ERRORS;
            }
            if (options.check()) {
                return ExitStatus.SUCCESS;
            }
            try {
                AtomicFileWriter.write(target, generated.source());
                return ExitStatus.SUCCESS;
            } catch (IOException e) {
                terminal.error(e.getMessage());
                return ExitStatus.USAGE_OR_IO;
            }
        }

        /** {@code 2 errors, 1 warning}, when there was anything to count. */
        private void printSummary() {
            List<String> parts = new ArrayList<>();
            if (errors > 0) {
                parts.add(count(errors, "error"));
            }
            if (warnings > 0) {
                parts.add(count(warnings, "warning"));
            }
            if (!parts.isEmpty()) {
                terminal.err().println(String.join(", ", parts));
            }
        }

        private static String count(long n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }
}
