package dev.dslc.compiler.cli;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.Prediction;
import dev.dslc.runtime.WeightOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code dslc predict MODEL.nn --params FILE --data FILE.csv}: compiles the
 * model in memory, loads parameters saved by {@code dslc train -o FILE}, and
 * prints the model's output for each row of the file, one CSV line per row,
 * on standard output.
 */
final class PredictCommand implements Command {

    static final String USAGE = """
            usage: dslc predict MODEL.nn --params FILE --data FILE.csv

            Compiles the model in memory, loads the parameters that 'dslc train -o FILE'
            saved (or a .safetensors or .npz file, from PyTorch or NumPy), and prints
            the model's output for each row of FILE.csv: one line of comma-separated
            numbers per row, in order, on standard output.

            FILE.csv has the model's inputs on each line, optionally followed by targets
            as 'dslc train' reads them (which are ignored); a header line is optional.

            options:
                  --params FILE         the trained parameters (required); FILE.safetensors
                                        and FILE.npz are read by their format, tensors
                                        named as the model's parameters
                  --rename F=P,...      read the file's tensor F into parameter P, as in
                                        --rename fc1.weight=W1,fc1.bias=b1 (or @FILE: one
                                        F=P a line)
                  --allow-extra         ignore tensors the model has no parameter for
                  --allow-nonfinite     accept NaN and infinite values
                  --data FILE.csv       the inputs (required)
                  --verbose             print the stack trace of an internal error
              -h, --help                print this help and exit

            exit status: 0 predicted, 1 errors in the model, the parameters or the data,
            2 usage or I/O problem, 3 internal error
            """;

    private static final Set<String> VALUE_OPTIONS = WeightArguments.with(WeightArguments.VALUE_OPTIONS,
            Set.of("--params", "--data"));
    private static final Set<String> FLAGS = WeightArguments.with(WeightArguments.FLAGS, Set.of("--verbose"));

    @Override
    public ExitStatus run(List<String> args, Terminal terminal) {
        return SubcommandArguments.run("predict", USAGE, VALUE_OPTIONS, FLAGS, args, terminal, given -> {
            for (String required : List.of("--params", "--data")) {
                if (!given.has(required)) {
                    throw new Misuse("no " + required + " given");
                }
            }
            WeightOptions weights = WeightArguments.from(given, given.value("--params", null), null, terminal);
            Model model = InMemoryModel.load(given.model(), 0L, terminal);
            WeightArguments.checkRenames(weights, model);
            InMemoryModel.loadParameters(model, given.value("--params", null), weights, terminal);
            print(model, ExampleFile.readInputs(given.value("--data", null), model, terminal), terminal.out());
            return ExitStatus.SUCCESS;
        });
    }

    /** One line per input row; each number as {@link Double#toString} writes it, so it reads back exactly. */
    private static void print(Model model, double[][] inputs, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (double[] output : Prediction.predict(model, inputs)) {
            line.setLength(0);
            for (int i = 0; i < output.length; i++) {
                line.append(i == 0 ? "" : ",").append(output[i]);
            }
            out.println(line);
        }
        out.flush();
    }
}
