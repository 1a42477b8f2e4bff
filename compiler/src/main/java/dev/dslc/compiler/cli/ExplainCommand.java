package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.explain.ExplainPage;
import dev.dslc.compiler.explain.Explainer;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.WeightOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code dslc explain MODEL.nn}: one self-contained HTML page that draws the
 * model's graph and steps through the forward and backward pass for one
 * example, with the chain rule's every step and its numbers in a log.
 */
final class ExplainCommand implements Command {

    static final String USAGE = """
            usage: dslc explain MODEL.nn [options]

            Writes one HTML page (no network needed to view it) that draws the model's
            graph and steps through the forward pass and the backward pass for one
            example: each node's value and dL/dnode, and a log of every chain-rule step
            with its numbers.

            options:
              -o, --output FILE     where to write (default: MODEL.html in the current
                                    directory; - for standard output)
                  --input V,V,...   the input, laid out as the generated class takes it
                                    (default: random, from the seed)
                  --target V,...    the target (default: random, from the seed)
                  --params FILE     parameters saved by dslc train or ParameterFile.save, or a
                                    .safetensors or .npz file (default: the model's initial
                                    values, from the seed)
                  --rename F=P,...  read the file's tensor F into parameter P (or @FILE:
                                    one F=P a line)
                  --allow-extra     ignore tensors the model has no parameter for
                  --allow-nonfinite accept NaN and infinite values
                  --seed N          seeds the initial parameters and the random example
                                    (default: 0)
                  --verbose         print the stack trace of an internal error
              -h, --help            print this help and exit
            """;

    private static final Set<String> VALUE_OPTIONS = WeightArguments.with(WeightArguments.VALUE_OPTIONS,
            Set.of("-o=--output", "--input", "--target", "--params", "--seed"));
    private static final Set<String> FLAGS = WeightArguments.with(WeightArguments.FLAGS, Set.of("--verbose"));

    @Override
    public ExitStatus run(List<String> args, Terminal terminal) {
        return SubcommandArguments.run("explain", USAGE, VALUE_OPTIONS, FLAGS, args, terminal,
                options -> explain(options, terminal));
    }

    private static ExitStatus explain(SubcommandArguments.Given options, Terminal terminal)
            throws CommandFailure, Misuse {
        options.requireSeparateOutputs(terminal, List.of("--output"), List.of("--params"));
        long seed = seed(options);
        WeightOptions weights = WeightArguments.from(options, options.value("--params", null), null, terminal);
        Compiler.Differentiated differentiated = ModelReader.read(options.model(), terminal);
        Model model = InMemoryModel.of(differentiated, seed, terminal);
        WeightArguments.checkRenames(weights, model);
        String parameterSource = "initial parameters (seed " + seed + ")";
        if (options.has("--params")) {
            String file = options.value("--params", null);
            InMemoryModel.loadParameters(model, file, weights, terminal);
            parameterSource = "parameters from " + file;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] input = values(options, "--input", model.inputSize(), random, -1.0, 1.0);
        double[] target = values(options, "--target", model.targetSize(), random, 0.0, 1.0);
        String description = describe(options, seed) + " · " + parameterSource;
        Explainer.Example example = new Explainer.Example(input, target, model.parameters().clone(), description);
        String page = ExplainPage.render(Explainer.explain(differentiated, example));
        String output = options.value("--output", defaultOutput(options.model()));
        ModelReader.write(output, page, terminal);
        if (!output.equals("-")) {
            terminal.err().println("dslc: wrote " + output);
        }
        return ExitStatus.SUCCESS;
    }

    private static long seed(SubcommandArguments.Given options) throws Misuse {
        String text = options.value("--seed", "0");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Misuse("--seed needs a whole number, not '" + text + "'");
        }
    }

    /** The option's comma-separated numbers, or {@code size} seeded random ones in [low, high), rounded to 0.01. */
    private static double[] values(SubcommandArguments.Given options, String option, int size, SplittableRandom random,
                                   double low, double high) throws Misuse {
        double[] values = new double[size];
        if (!options.has(option)) {
            for (int i = 0; i < size; i++) {
                values[i] = Math.round(random.nextDouble(low, high) * 100) / 100.0;
            }
            return values;
        }
        String text = options.value(option, "").strip();
        String[] parts = text.isEmpty() ? new String[0] : text.split("\\s*,\\s*", -1);
        if (parts.length != size) {
            throw new Misuse(option + " has " + parts.length + " value" + (parts.length == 1 ? "" : "s")
                    + "; the model takes " + size);
        }
        for (int i = 0; i < size; i++) {
            values[i] = number(option, parts[i]);
        }
        return values;
    }

    private static double number(String option, String text) throws Misuse {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && !text.matches(".*[a-zA-Z&&[^eE]].*")) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Misuse(option + ": not a finite number: '" + text + "'");
    }

    private static String describe(SubcommandArguments.Given options, long seed) {
        boolean input = options.has("--input");
        boolean target = options.has("--target");
        if (input && target) {
            return "input and target as given";
        }
        if (!input && !target) {
            return "random input and target (seed " + seed + ")";
        }
        return (input ? "input as given, random target" : "random input, target as given") + " (seed " + seed + ")";
    }

    /** {@code models/seed221.nn} -> {@code seed221.html}, in the working folder. */
    private static String defaultOutput(String model) {
        String name = Path.of(model).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".html";
    }
}
