package dev.dslc.spark;

import dev.dslc.runtime.Optimizer;
import dev.dslc.runtime.OptimizerChoice;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@link TrainJob}, checked: the options of {@code dslc train}
 * that apply on a cluster, with the same names, defaults and meanings, and
 * {@code --model CLASS} in place of the {@code .nn} file.
 *
 * @param output where to save the parameters after each epoch, or null
 * @param params parameters to start from, or null
 * @param master a Spark master URL, or null for spark-submit's
 */
record JobOptions(String model, String data, String test, double holdout, int epochs, int batch, String optimizer,
                  double learningRate, String schedule, long seed, String output, String params, boolean resume,
                  String master) {

    private static final Set<String> VALUES = Set.of("--model", "--data", "--test", "--holdout", "--epochs", "--batch",
            "--optimizer", "--lr", "--schedule", "--seed", "--output", "--params", "--master");

    /** Reads {@code args}; throws an {@link IllegalArgumentException} with a one-line message. */
    static JobOptions parse(List<String> args) {
        Map<String, String> given = new HashMap<>();
        boolean resume = false;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i).equals("-o") ? "--output" : args.get(i);
            if (option.equals("--resume")) {
                resume = true;
            } else if (VALUES.contains(option)) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
                }
                given.put(option, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        for (String required : List.of("--model", "--data")) {
            if (!given.containsKey(required)) {
                throw new IllegalArgumentException("no " + required.substring(2) + ": give " + required);
            }
        }
        if (given.containsKey("--holdout") && given.containsKey("--test")) {
            throw new IllegalArgumentException("--holdout and --test: give one or the other");
        }
        if (resume && !given.containsKey("--output")) {
            throw new IllegalArgumentException("--resume goes on from the file of -o: give -o FILE");
        }
        String optimizer = oneOf(given, "--optimizer", "adam", "sgd", "momentum", "adam");
        double learningRate = number(given, "--lr", OptimizerChoice.DEFAULT_LEARNING_RATES.get(optimizer));
        double holdout = number(given, "--holdout", 0.0);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + given.get("--lr"));
        }
        if (!(holdout >= 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be a fraction from 0 up to (not including) 1, got "
                    + given.get("--holdout"));
        }
        return new JobOptions(given.get("--model"), given.get("--data"), given.get("--test"), holdout,
                positive(given, "--epochs", 10), positive(given, "--batch", 32), optimizer, learningRate,
                oneOf(given, "--schedule", "constant", "constant", "cosine"),
                (long) whole(given, "--seed", 0), given.get("--output"), given.get("--params"), resume,
                given.get("--master"));
    }

    /** The optimiser asked for; a cosine schedule decays to 0 over the run's {@code epochs * batches} steps. */
    Optimizer newOptimizer(long trainingExamples) {
        return OptimizerChoice.create(optimizer, learningRate, schedule,
                epochs * ((trainingExamples + batch - 1) / batch));
    }

    private static String oneOf(Map<String, String> given, String option, String otherwise, String... choices) {
        String value = given.getOrDefault(option, otherwise);
        if (!Set.of(choices).contains(value)) {
            throw new IllegalArgumentException(option + " must be " + String.join(", ", choices)
                    .replaceFirst(", (\\w+)$", " or $1") + ", got " + value);
        }
        return value;
    }

    private static int positive(Map<String, String> given, String option, int otherwise) {
        double value = whole(given, option, otherwise);
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be a whole number above 0, got " + given.get(option));
        }
        return (int) value;
    }

    private static double whole(Map<String, String> given, String option, long otherwise) {
        String value = given.getOrDefault(option, Long.toString(otherwise));
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number"
                    + (option.equals("--seed") ? "" : " above 0") + ", got " + value);
        }
    }

    private static double number(Map<String, String> given, String option, double otherwise) {
        String value = given.get(option);
        if (value == null) {
            return otherwise;
        }
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

    /** {@code adam, lr 0.001, batch 32, 10 epochs, seed 0}. */
    String describe() {
        return String.format(Locale.ROOT, "%s, lr %s%s, batch %d, %d epochs, seed %d", optimizer, learningRate,
                schedule.equals("constant") ? "" : " (" + schedule + ")", batch, epochs, seed);
    }
}
