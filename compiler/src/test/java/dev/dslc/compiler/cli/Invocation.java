package dev.dslc.compiler.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of {@code dslc} in a test, with what it printed. */
record Invocation(int status, String out, String err) {
    private static final Pattern FINAL = Pattern.compile(
            "final: train_loss=(\\S+) holdout_loss=(\\S+) holdout_accuracy=(\\S+)");

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

    /**
     * The three numbers of {@code dslc train}'s summary line, which must be the last line on standard output.
     *
     * @throws AssertionError if it is not
     */
    double[] trainSummary() {
        List<String> lines = out.lines().toList();
        Matcher matcher = FINAL.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        if (!matcher.matches()) {
            throw new AssertionError("no summary line last on standard output:\n" + out + err);
        }
        return new double[] {Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                Double.parseDouble(matcher.group(3))};
    }

    /** Standard error's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
