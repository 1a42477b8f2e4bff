package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.emit.EmitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The compile command's arguments, parsed: options and files, or a request
 * for help or the version, or what was wrong with them.
 *
 * <pre>{@code
 * CompileArguments.parse(List.of("-p", "com.example", "xor.nn"))
 *     // Options[outputDir=., packageName=com.example, check=false, verbose=false, files=[xor.nn]]
 * }</pre>
 */
sealed interface CompileArguments {

    /**
     * What to compile and how.
     *
     * @param outputDir   as typed, resolved later against the working folder
     * @param packageName the Java package, empty for none
     * @param emit        how the classes are written ({@code --vector-api}, {@code --derivatives})
     */
    record Options(String outputDir, String packageName, boolean check, boolean verbose, EmitOptions emit,
            List<String> files)
            implements CompileArguments {
        public Options {
            files = List.copyOf(files);
        }
    }

    record Help() implements CompileArguments {
    }

    record Version() implements CompileArguments {
    }

    /** A usage error, described in one line. */
    record Invalid(String message) implements CompileArguments {
    }

    static CompileArguments parse(List<String> args) {
        return new Parser(args).parse();
    }

    /** Reads the arguments left to right; help, version and the first mistake end the reading. */
    final class Parser {
        private final List<String> args;
        private int next;
        private String outputDir = ".";
        private String packageName = "";
        private boolean check;
        private boolean verbose;
        private boolean vectorApi;
        private String derivatives = "auto";
        private final List<String> files = new ArrayList<>();

        private Parser(List<String> args) {
            this.args = args;
        }

        private CompileArguments parse() {
            while (next < args.size()) {
                String arg = args.get(next++);
                CompileArguments early = arg.startsWith("-") && arg.length() > 1 ? option(arg) : file(arg);
                if (early != null) {
                    return early;
                }
            }
            if (files.isEmpty()) {
                return new Invalid("no input files");
            }
            if (!Compiler.isValidPackageName(packageName)) {
                return new Invalid("not a Java package name: '" + packageName + "'");
            }
            EmitOptions.DerivativeEntryPoints entryPoints = EmitOptions.DerivativeEntryPoints.named(derivatives);
            if (entryPoints == null) {
                return new Invalid("--derivatives takes auto, all or none, not '" + derivatives + "'");
            }
            return new Options(outputDir, packageName, check, verbose, new EmitOptions(vectorApi, entryPoints), files);
        }

        /** Handles one option; returns a result only when reading must stop. */
        private CompileArguments option(String arg) {
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String attached = name.equals(arg) ? null : arg.substring(equals + 1);
            return switch (name) {
                case "-d", "--output-dir" -> value(name, attached, v -> outputDir = v);
                case "-p", "--package" -> value(name, attached, v -> packageName = v);
                case "--check" -> flag(name, attached, () -> check = true);
                case "--verbose" -> flag(name, attached, () -> verbose = true);
                case "--vector-api" -> flag(name, attached, () -> vectorApi = true);
                case "--derivatives" -> value(name, attached, v -> derivatives = v);
                case "-h", "--help" -> attached == null ? new Help() : noValue(name);
                case "-V", "--version" -> attached == null ? new Version() : noValue(name);
                case "--" -> rest();
                default -> new Invalid("unknown option " + name);
            };
        }

        private CompileArguments file(String arg) {
            files.add(arg);
            return null;
        }

        private CompileArguments value(String name, String attached, Consumer<String> set) {
            if (attached != null) {
                set.accept(attached);
            } else if (next < args.size()) {
                set.accept(args.get(next++));
            } else {
                return new Invalid("option " + name + " needs a value");
            }
            return null;
        }

        private CompileArguments flag(String name, String attached, Runnable set) {
            if (attached != null) {
                return noValue(name);
            }
            set.run();
            return null;
        }

        private static CompileArguments noValue(String name) {
            return new Invalid("option " + name + " takes no value");
        }

        /** After {@code --} every argument is a file, even one that starts with a dash. */
        private CompileArguments rest() {
            files.addAll(args.subList(next, args.size()));
            next = args.size();
            return null;
        }
    }
}
