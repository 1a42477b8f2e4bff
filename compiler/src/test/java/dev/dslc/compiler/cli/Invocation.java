package dev.dslc.compiler.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One run of {@code dslc} in a test, with what it printed. */
record Invocation(int status, String out, String err) {

    /** Runs {@code dslc args} as a user would, with the real compiler. */
    static Invocation dslc(Path workingDir, String... args) {
        return capture((out, err) -> Main.run(args, out, err, workingDir));
    }

    /** Runs {@code dslc args} with {@code step} standing in for the compiler. */
    static Invocation dslc(CompileCommand.CompileStep step, Path workingDir, String... args) {
        return dslc(Map.of(), new CompileCommand(step), workingDir, args);
    }

    /** Runs {@code dslc args} with the given subcommands and compile command. */
    static Invocation dslc(Map<String, Command> subcommands, Command compile, Path workingDir, String... args) {
        return capture((out, err) -> Main.run(List.of(args), new Terminal(out, err, workingDir), subcommands, compile)
                .code());
    }

    private interface Run {
        int run(PrintStream out, PrintStream err);
    }

    private static Invocation capture(Run run) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Invocation(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Standard error's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
