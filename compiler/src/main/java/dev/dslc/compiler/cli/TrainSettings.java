package dev.dslc.compiler.cli;

import dev.dslc.compiler.report.NumberText;
import dev.dslc.runtime.Lbfgs;
import dev.dslc.runtime.OptimizerChoice;
import dev.dslc.runtime.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dslc train} was asked to do, checked: each option's value is in
 * range, or {@link #from} says which is not.
 *
 * <pre>{@code
 * TrainSettings settings = TrainSettings.from(given);   // given: xor.nn --data xor.csv --epochs 300
 * settings.epochs()   // 300
 * }</pre>
 *
 * @param test    a file of held-out examples, or null
 * @param holdout the fraction of {@code data} held out, 0 for none
 * @param output  where to save the trained parameters, or null
 * @param params  parameters to start from, or null
 * @param plot    where to draw the loss curves, or null
 * @param standardize the mean and scale constants to fit to the data, or an empty list
 * @param threads threads that train, 0 for one per core
 */
record TrainSettings(String model, String data, String test, double holdout, int epochs, int batch,
                     String optimizer, double learningRate, String schedule, long seed,
                     String output, String params, String plot, boolean gradientNorms, boolean verbose,
                     List<String> standardize, int threads) {

    static final Set<String> VALUE_OPTIONS = Set.of("--data", "--epochs", "--batch", "--optimizer", "--lr",
            "--schedule", "--seed", "--holdout", "--test", "-o=--output", "--params", "--plot", "--standardize",
            "--threads");
    static final Set<String> FLAGS = Set.of("--gradient-norms", "--verbose");

    /** The full-batch optimiser, with its own trainer: it has no batch size or schedule. */
    static final String LBFGS = "lbfgs";

    /** The learning rate for each optimiser when {@code --lr} is not given. */
    static final Map<String, Double> DEFAULT_LEARNING_RATES = OptimizerChoice.DEFAULT_LEARNING_RATES;

    /** Checks {@code given}; throws an {@link IllegalArgumentException} with a one-line message. */
    static TrainSettings from(SubcommandArguments.Given given) {
        if (!given.has("--data")) {
            throw new IllegalArgumentException("no data: give --data FILE.csv");
        }
        if (given.has("--holdout") && given.has("--test")) {
            throw new IllegalArgumentException("--holdout and --test: give one or the other");
        }
        String optimizer = oneOf(given, "--optimizer", "adam", "sgd", "momentum", "adam", LBFGS);
        if (optimizer.equals(LBFGS)) {
            fullBatchOnly(given);
        }
        double learningRate = number(given, "--lr", DEFAULT_LEARNING_RATES.get(optimizer));
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + given.value("--lr", ""));
        }
        double holdout = number(given, "--holdout", 0.0);
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be a fraction from 0 up to (not including) 1, got "
                    + given.value("--holdout", ""));
        }
        return new TrainSettings(given.model(), given.value("--data", null), given.value("--test", null), holdout,
                positive(given, "--epochs", 10), positive(given, "--batch", 32), optimizer, learningRate,
                oneOf(given, "--schedule", "constant", "constant", "cosine"), seed(given),
                given.value("--output", null), given.value("--params", null), given.value("--plot", null),
                given.has("--gradient-norms"), given.has("--verbose"), standardize(given),
                given.has("--threads") ? positive(given, "--threads", 1) : 0);
    }

    /** L-BFGS takes every training example at each evaluation, and its line search chooses each step. */
    private static void fullBatchOnly(SubcommandArguments.Given given) {
        if (given.has("--batch")) {
            throw new IllegalArgumentException("--batch does not go with --optimizer lbfgs: L-BFGS uses every"
                    + " training example at each evaluation");
        }
        if (!given.value("--schedule", "constant").equals("constant")) {
            throw new IllegalArgumentException("--schedule " + given.value("--schedule", "") + " does not go with"
                    + " --optimizer lbfgs: its line search chooses each step, from --lr (default 1) at first");
        }
    }

    /** {@code --standardize mu,sigma}: two names. */
    private static List<String> standardize(SubcommandArguments.Given given) {
        if (!given.has("--standardize")) {
            return List.of();
        }
        String value = given.value("--standardize", "");
        List<String> names = List.of(value.split(",", -1)).stream().map(String::strip).toList();
        if (names.size() != 2 || names.stream().anyMatch(name -> !name.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
            throw new IllegalArgumentException("--standardize needs the mean's and the scale's constants, as in"
                    + " --standardize mu,sigma; got " + value);
        }
        return names;
    }

    /**
     * A trainer's builder with the optimiser asked for and its epochs; a cosine schedule decays to 0 over the
     * {@code epochs * ceil(trainingExamples / batch)} steps of the run. With L-BFGS, whose line search tries
     * {@code --lr} first, an epoch is an iteration over the whole training set.
     */
    Trainer.Builder newTrainer(int trainingExamples) {
        if (fullBatch()) {
            return Trainer.lbfgsBuilder(Lbfgs.builder().initialStep(learningRate).build()).epochs(epochs);
        }
        return Trainer.builder(OptimizerChoice.create(optimizer, learningRate, schedule,
                (long) epochs * ((trainingExamples + batch - 1) / batch))).epochs(epochs).batchSize(batch);
    }

    /** {@return whether the optimiser is L-BFGS, whose epochs are iterations over the whole training set} */
    boolean fullBatch() {
        return optimizer.equals(LBFGS);
    }

    /** {@return what an epoch is called in the progress and the plot: "iteration" for L-BFGS} */
    String unit() {
        return fullBatch() ? "iteration" : "epoch";
    }

    /**
     * {@code adam, lr 0.001, batch 32, 10 epochs, seed 0}, or {@code lbfgs, lr 1, full batch, 50 iterations, seed 0}:
     * for the plot's subtitle.
     */
    String describe() {
        return String.format(Locale.ROOT, "%s, lr %s%s, %s, %d %ss, seed %d", optimizer,
                NumberText.format(learningRate), schedule.equals("constant") ? "" : " (" + schedule + ")",
                fullBatch() ? "full batch" : "batch " + batch, epochs, unit(), seed);
    }

    private static String oneOf(SubcommandArguments.Given given, String option, String otherwise,
                                String... choices) {
        String value = given.value(option, otherwise);
        if (!Set.of(choices).contains(value)) {
            throw new IllegalArgumentException(option + " must be " + String.join(", ", choices).replaceFirst(
                    ", (\\w+)$", " or $1") + ", got " + value);
        }
        return value;
    }

    private static int positive(SubcommandArguments.Given given, String option, int otherwise) {
        String value = given.value(option, Integer.toString(otherwise));
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the other bad values
        }
        throw new IllegalArgumentException(option + " must be a whole number above 0, got " + value);
    }

    private static long seed(SubcommandArguments.Given given) {
        String value = given.value("--seed", "0");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be a whole number, got " + value);
        }
    }

    private static double number(SubcommandArguments.Given given, String option, double otherwise) {
        if (!given.has(option)) {
            return otherwise;
        }
        String value = given.value(option, "");
        try {
            double x = Double.parseDouble(value);
            if (Double.isFinite(x) && !value.strip().matches("(?i).*[xdf].*")) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a number, got " + value);
    }
}
