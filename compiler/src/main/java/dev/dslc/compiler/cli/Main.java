package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compiler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code dslc} command. Its first argument may name a subcommand; when it
 * doesn't (or names an existing file), every argument goes to the compile
 * command.
 *
 * <pre>{@code
 * int status = Main.run(new String[] {"-d", "out", "xor.nn"}, System.out, System.err, Path.of(""));
 * }</pre>
 */
public final class Main {

    /** Subcommands by name; a first argument that names none of them is a file to compile. */
    private static final Map<String, Command> SUBCOMMANDS = Map.of(
            "train", new TrainCommand(),
            "predict", new PredictCommand(),
            "explain", new ExplainCommand(),
            "graph", new GraphCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Path.of("").toAbsolutePath()));
    }

    /**
     * Runs {@code dslc} with {@code args} as if started in {@code workingDir},
     * and returns the exit status: 0 success, 1 errors in an input, 2 a usage
     * or I/O problem, 3 a bug in dslc.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Path workingDir) {
        Terminal terminal = new Terminal(out, err, workingDir);
        return run(List.of(args), terminal, SUBCOMMANDS, new CompileCommand(Compiler::compile)).code();
    }

    static ExitStatus run(List<String> args, Terminal terminal, Map<String, Command> subcommands, Command compile) {
        try {
            return dispatch(args, terminal, subcommands, compile);
        } catch (Throwable t) {
            // Commands report their own failures; this is for a bug in the command itself.
            return BugReport.print(terminal, "in dslc", t, args.contains("--verbose"));
        }
    }

    private static ExitStatus dispatch(List<String> args, Terminal terminal,
                                       Map<String, Command> subcommands, Command compile) {
        if (!args.isEmpty() && subcommands.containsKey(args.get(0))
                && !Files.exists(terminal.resolve(args.get(0)))) {
            return subcommands.get(args.get(0)).run(args.subList(1, args.size()), terminal);
        }
        return compile.run(args, terminal);
    }
}
