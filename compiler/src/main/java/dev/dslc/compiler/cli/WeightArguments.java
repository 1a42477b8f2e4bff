package dev.dslc.compiler.cli;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.WeightFile;
import dev.dslc.runtime.WeightFileException;
import dev.dslc.runtime.WeightOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code train}, {@code predict} and {@code explain} that say
 * how to read and write {@code .safetensors} and {@code .npz} files:
 * {@code --rename FILE_NAME=PARAMETER,...} (or {@code --rename @FILE}, one
 * {@code FILE_NAME=PARAMETER} a line), {@code --allow-extra},
 * {@code --allow-nonfinite} and, for {@code train -o}, {@code --dtype f32}.
 *
 * <pre>{@code
 * WeightOptions options = WeightArguments.from(given, "mlp.safetensors", null, terminal);
 * // given: --rename fc1.weight=W1,fc1.bias=b1 --allow-extra
 * }</pre>
 */
final class WeightArguments {
    /** Options with a value that every command reading weights takes. */
    static final Set<String> VALUE_OPTIONS = Set.of("--rename");
    static final Set<String> FLAGS = Set.of("--allow-extra", "--allow-nonfinite");
    /** For commands that write weights. */
    static final String DTYPE = "--dtype";

    private WeightArguments() {
    }

    /** The union of two sets of option names. */
    static Set<String> with(Set<String> options, Set<String> more) {
        Set<String> all = new HashSet<>(options);
        all.addAll(more);
        return Set.copyOf(all);
    }

    /**
     * The options given, checked against the files they would apply to.
     *
     * @param read    the parameter file the command reads, or null
     * @param written the parameter file the command writes, or null
     * @throws Misuse          when an option applies to none of the files, or a rename is malformed
     * @throws CommandFailure  after reporting a rename file that cannot be read (2) or has a bad line (1)
     */
    static WeightOptions from(SubcommandArguments.Given given, String read, String written, Terminal terminal)
            throws Misuse, CommandFailure {
        boolean reads = read != null && WeightFile.isExchangeFormat(Path.of(read));
        boolean writes = written != null && WeightFile.isExchangeFormat(Path.of(written));
        applies(given, "--rename", reads || writes, "a .safetensors or .npz file to read or write");
        applies(given, "--allow-extra", reads, "a .safetensors or .npz file to read");
        applies(given, "--allow-nonfinite", reads, "a .safetensors or .npz file to read");
        applies(given, DTYPE, writes, "-o with a .safetensors or .npz file");
        WeightOptions options = WeightOptions.defaults();
        if (given.has("--rename")) {
            String spec = given.value("--rename", "");
            try {
                options = options.renaming(spec.startsWith("@") ? renameFile(spec.substring(1), terminal)
                        : renames(spec));
            } catch (IllegalArgumentException e) {
                throw new Misuse("--rename: " + e.getMessage());
            }
        }
        if (given.has("--allow-extra")) {
            options = options.allowingExtra();
        }
        if (given.has("--allow-nonfinite")) {
            options = options.allowingNonFinite();
        }
        if (given.has(DTYPE)) {
            options = options.withPrecision(precision(given.value(DTYPE, "")));
        }
        return options;
    }

    /** Checks that every rename names one of the model's parameters. */
    static void checkRenames(WeightOptions options, Model model) throws Misuse {
        try {
            options.checkRenames(model.parameterLayout());
        } catch (IllegalArgumentException e) {
            throw new Misuse("--rename: " + e.getMessage());
        }
    }

    /** Reports each problem as {@code file: error: problem}; the failure to throw then, with status 1. */
    static CommandFailure reported(WeightFileException e, String file, Terminal terminal) {
        e.problems().forEach(problem -> terminal.err().println(file + ": error: " + problem));
        return new CommandFailure(ExitStatus.COMPILE_ERRORS);
    }

    /** The options for {@code file}: dslc's own format takes none. */
    static WeightOptions forFile(WeightOptions options, String file) {
        return WeightFile.isExchangeFormat(Path.of(file)) ? options : WeightOptions.defaults();
    }

    private static void applies(SubcommandArguments.Given given, String option, boolean applies, String toWhat)
            throws Misuse {
        if (given.has(option) && !applies) {
            throw new Misuse(option + " needs " + toWhat);
        }
    }

    private static WeightOptions.Precision precision(String value) throws Misuse {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "f64" -> WeightOptions.Precision.F64;
            case "f32" -> WeightOptions.Precision.F32;
            default -> throw new Misuse(DTYPE + " must be f64 or f32, got " + value);
        };
    }

    /** {@code fc1.weight=W1,fc1.bias=b1}. */
    private static Map<String, String> renames(String spec) throws Misuse {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String pair : spec.split(",", -1)) {
            String problem = add(renames, pair);
            if (problem != null) {
                throw new Misuse("--rename: " + problem);
            }
        }
        return renames;
    }

    /** One {@code FILE_NAME=PARAMETER} a line; blank lines and lines starting with # are skipped. */
    private static Map<String, String> renameFile(String file, Terminal terminal) throws CommandFailure {
        List<String> lines;
        try {
            lines = Files.readAllLines(terminal.resolve(file));
        } catch (NoSuchFileException e) {
            terminal.error(file + ": no such file");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        } catch (IOException e) {
            terminal.error(file + ": cannot read: " + e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
        Map<String, String> renames = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String problem = line.isEmpty() || line.startsWith("#") ? null : add(renames, line);
            if (problem != null) {
                terminal.err().println(file + ":" + (i + 1) + ": error: " + problem);
                throw new CommandFailure(ExitStatus.COMPILE_ERRORS);
            }
        }
        return renames;
    }

    /** Adds one {@code FILE_NAME=PARAMETER}; returns what is wrong with it, or null. */
    private static String add(Map<String, String> renames, String pair) {
        int equals = pair.indexOf('=');
        String from = equals < 0 ? "" : pair.substring(0, equals).strip();
        String to = equals < 0 ? "" : pair.substring(equals + 1).strip();
        if (from.isEmpty() || to.isEmpty() || to.contains("=")) {
            return "expected FILE_NAME=PARAMETER, got '" + pair + "'";
        }
        if (renames.putIfAbsent(from, to) != null) {
            return from + " is renamed twice";
        }
        return null;
    }
}
