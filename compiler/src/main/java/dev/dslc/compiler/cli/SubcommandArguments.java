package dev.dslc.compiler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of the subcommands ({@code dslc train}, {@code predict},
 * {@code explain}, {@code graph}): one model file and options, each either a
 * flag or an option with a value ({@code --epochs 50} or {@code --epochs=50});
 * {@code -h} and {@code --help} ask for help wherever they stand.
 *
 * <pre>{@code
 * SubcommandArguments.parse(List.of("xor.nn", "--epochs=50"), Set.of("--epochs"), Set.of())
 *     // Given[model=xor.nn, values={--epochs=50}, flags=[]]
 * }</pre>
 */
sealed interface SubcommandArguments {

    /** What a subcommand does once its arguments have parsed. */
    @FunctionalInterface
    interface Body {
        ExitStatus run(Given given) throws CommandFailure, Misuse;
    }

    /**
     * Runs {@code body} on {@code args}, so that every subcommand answers help,
     * usage errors and reported failures alike: help on standard output, a
     * usage error with a pointer to {@code dslc COMMAND --help} and status 2.
     */
    static ExitStatus run(String command, String usage, Set<String> valueOptions, Set<String> flags,
                          List<String> args, Terminal terminal, Body body) {
        SubcommandArguments parsed = parse(args, valueOptions, flags);
        if (parsed instanceof Help) {
            terminal.out().print(usage);
            return ExitStatus.SUCCESS;
        }
        if (parsed instanceof Invalid invalid) {
            return terminal.usageError(command, invalid.message());
        }
        try {
            return body.run((Given) parsed);
        } catch (CommandFailure failure) {
            return failure.status();
        } catch (Misuse misuse) {
            return terminal.usageError(command, misuse.getMessage());
        }
    }

    /** The model file and each option given, by the name in the usage text. */
    record Given(String model, Map<String, String> values, Set<String> flags) implements SubcommandArguments {
        public Given {
            values = Map.copyOf(values);
            flags = Set.copyOf(flags);
        }

        boolean has(String option) {
            return values.containsKey(option) || flags.contains(option);
        }

        String value(String option, String otherwise) {
            return values.getOrDefault(option, otherwise);
        }

        /**
         * Refuses, before any work is done, an output option naming a file that
         * is also an input (the model or one of {@code inputOptions}) or another
         * output: {@code train xor.nn -o xor.nn} would replace the model with
         * parameters after a long run, so it is refused as gcc refuses
         * {@code -o x.c x.c}. Links and other spellings of one file count as
         * that file; {@code -} (standard output) is never a file.
         */
        void requireSeparateOutputs(Terminal terminal, List<String> outputOptions, List<String> inputOptions)
                throws Misuse {
            Map<String, String> earlier = new LinkedHashMap<>(); // file -> what it is, for the message
            earlier.put(model, "the model file");
            inputOptions.stream().filter(values::containsKey)
                    .forEach(option -> earlier.putIfAbsent(values.get(option), "the " + option + " file"));
            for (String output : outputOptions) {
                String file = values.get(output);
                if (file == null || file.equals("-")) {
                    continue;
                }
                for (Map.Entry<String, String> other : earlier.entrySet()) {
                    if (sameFile(terminal.resolve(file), terminal.resolve(other.getKey()))) {
                        throw new Misuse(output + " " + file + " is also " + other.getValue() + "; refusing to overwrite it");
                    }
                }
                earlier.put(file, "the " + output + " file");
            }
        }

        private static boolean sameFile(Path a, Path b) {
            if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
                return true;
            }
            try {
                return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
            } catch (IOException e) {
                return false; // unreadable: reading or writing it reports the problem
            }
        }
    }

    record Help() implements SubcommandArguments {
    }

    /** A usage error, described in one line. */
    record Invalid(String message) implements SubcommandArguments {
    }

    /**
     * Reads {@code args}; {@code valueOptions} and {@code flags} are the options
     * the command knows, by the names the values are kept under. A short name
     * that maps to a long one is given as {@code "-o=--output"}.
     */
    static SubcommandArguments parse(List<String> args, Set<String> valueOptions, Set<String> flags) {
        Map<String, String> aliases = new HashMap<>();
        for (String option : valueOptions) {
            String[] parts = option.split("=", 2);
            aliases.put(parts[0], parts[parts.length - 1]);
            aliases.put(parts[parts.length - 1], parts[parts.length - 1]);
        }
        if (args.contains("-h") || args.contains("--help")) {
            return new Help();
        }
        Map<String, String> values = new HashMap<>();
        Set<String> given = new HashSet<>();
        String model = null;
        for (int next = 0; next < args.size(); next++) {
            String arg = args.get(next);
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            if (flags.contains(name)) {
                if (!name.equals(arg)) {
                    return new Invalid("option " + name + " takes no value");
                }
                given.add(name);
            } else if (aliases.containsKey(name)) {
                String value = !name.equals(arg) ? arg.substring(equals + 1)
                        : next + 1 < args.size() ? args.get(++next) : null;
                if (value == null) {
                    return new Invalid("option " + name + " needs a value");
                }
                values.put(aliases.get(name), value);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                return new Invalid("unknown option " + name);
            } else if (model != null) {
                return new Invalid("one model at a time: got " + model + " and " + arg);
            } else {
                model = arg;
            }
        }
        return model == null ? new Invalid("no model file") : new Given(model, values, given);
    }
}
