package dev.dslc.compiler.cli;

import dev.dslc.compiler.report.GradientNormTable;
import dev.dslc.compiler.report.LossCurves;
import dev.dslc.compiler.report.NumberText;
import dev.dslc.compiler.report.ProgressReport;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.Standardization;
import dev.dslc.runtime.Trainer;
import dev.dslc.runtime.TrainingReport;
import dev.dslc.runtime.WeightFile;
import dev.dslc.runtime.WeightFileException;
import dev.dslc.runtime.WeightOptions;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * {@code dslc train MODEL.nn --data FILE.csv [options]}: compiles the model in
 * memory, trains it with {@link Trainer}, shows progress on standard error and
 * ends with one line on standard output that scripts can read:
 * {@code final: train_loss=X holdout_loss=Y holdout_accuracy=Z}.
 */
final class TrainCommand implements Command {

    static final String USAGE = """
            usage: dslc train MODEL.nn --data FILE.csv [options]

            Compiles the model in memory, trains it on the examples in FILE.csv and shows
            progress on standard error. The last line, on standard output, is
              final: train_loss=X holdout_loss=Y holdout_accuracy=Z
            (NaN where nothing is held out). Accuracy is a fraction: a model with one
            output is right when it is on the target's side of 0.5; with several, when
            its largest output is where the target's largest element is.

            FILE.csv has one example a line: the model's inputs, then its targets, in
            declaration order; for a model with several targets, the inputs and then a
            class index (0, 1, ...) will do. A header line is optional. A gzipped file
            (FILE.csv.gz) is read as it is.

            options:
                  --data FILE.csv       the training examples (required)
                  --epochs N            passes over the training examples (default 10);
                                        with lbfgs, the most iterations
                  --batch N             examples per optimiser step (default 32)
                  --optimizer NAME      sgd, momentum (SGD with momentum 0.9), adam, or
                                        lbfgs: L-BFGS on the whole training set, each
                                        iteration a strong-Wolfe line search; it stops
                                        early when it converges (default adam)
                  --lr X                learning rate (default 0.1 for sgd, 0.01 for
                                        momentum, 0.001 for adam); for lbfgs, the step
                                        each line search tries first (default 1)
                  --schedule NAME       constant, or cosine: down to 0 by the last step
                                        (default constant; not for lbfgs)
                  --seed N              seeds the initial parameters, the held-out split
                                        and the shuffles (default 0)
                  --holdout F           keep this fraction of FILE.csv out of training
                                        and evaluate on it after each epoch
                  --test FILE.csv       evaluate on these examples instead
                  --threads N           threads that train (default: one per core); the
                                        result is the same, to the bit, for any N
              -o FILE                   save the trained parameters to FILE: dslc's own
                                        format, or by the extension FILE.safetensors or
                                        FILE.npz, for PyTorch and NumPy
                  --dtype f64|f32       the values of a .safetensors or .npz -o file
                                        (default f64; f32 rounds each to a float)
                  --init-params FILE    start from these parameters instead of the
                                        initialisers: a file saved with -o, or a
                                        .safetensors or .npz file (--params FILE is
                                        the same)
                  --rename F=P,...      the file's tensor F is parameter P, when reading
                                        and writing, as in --rename fc1.weight=W1 (or
                                        @FILE: one F=P a line)
                  --allow-extra         ignore tensors the model has no parameter for
                  --allow-nonfinite     accept NaN and infinite initial values
                  --standardize MU,SIGMA
                                        before training, set the constants MU and
                                        SIGMA to the mean and standard deviation of
                                        each input over FILE.csv, for a model that
                                        computes (x - MU) / SIGMA; -o saves them
                  --plot FILE.svg       draw loss and accuracy per epoch
                  --gradient-norms      show each parameter's gradient norm and warn of
                                        vanishing or exploding gradients
                  --verbose             print the stack trace of an internal error
              -h, --help                print this help and exit

            exit status: 0 trained, 1 errors in the model or the data, or training
            stopped on a NaN or infinite value, 2 usage or I/O problem, 3 internal error
            """;

    /** {@code --init-params} is the name the weight-file options go with; {@code --params} came first. */
    private static final Set<String> VALUE_OPTIONS = WeightArguments.with(TrainSettings.VALUE_OPTIONS,
            WeightArguments.with(WeightArguments.VALUE_OPTIONS, Set.of("--init-params=--params",
                    WeightArguments.DTYPE)));
    private static final Set<String> FLAGS = WeightArguments.with(TrainSettings.FLAGS, WeightArguments.FLAGS);

    private final Predicate<Terminal> liveProgress;
    private final LongSupplier clock;

    /** Live progress when standard error is a terminal. */
    TrainCommand() {
        this(TrainCommand::standardErrorIsATerminal, System::nanoTime);
    }

    /**
     * @param liveProgress whether to redraw one progress line in place on this terminal
     * @param clock        nanoseconds, as {@link System#nanoTime}
     */
    TrainCommand(Predicate<Terminal> liveProgress, LongSupplier clock) {
        this.liveProgress = liveProgress;
        this.clock = clock;
    }

    @Override
    public ExitStatus run(List<String> args, Terminal terminal) {
        return SubcommandArguments.run("train", USAGE, VALUE_OPTIONS, FLAGS, args,
                terminal, given -> {
                    given.requireSeparateOutputs(terminal, List.of("--output", "--plot"),
                            List.of("--data", "--test", "--params"));
                    TrainSettings settings;
                    try {
                        settings = TrainSettings.from(given);
                    } catch (IllegalArgumentException e) {
                        throw new Misuse(e.getMessage());
                    }
                    return train(settings, WeightArguments.from(given, settings.params(), settings.output(),
                            terminal), terminal);
                });
    }

    private ExitStatus train(TrainSettings settings, WeightOptions weights, Terminal terminal)
            throws CommandFailure, Misuse {
        Model model = InMemoryModel.load(settings.model(), settings.seed(), terminal);
        WeightArguments.checkRenames(weights, model);
        if (settings.params() != null) {
            InMemoryModel.loadParameters(model, settings.params(), weights, terminal);
        }
        Dataset data = ExampleFile.read(settings.data(), model, terminal);
        Dataset test = settings.test() == null ? null : ExampleFile.read(settings.test(), model, terminal);
        if (!settings.standardize().isEmpty()) {
            // the statistics of the examples trained on: held-out ones must not leak into the model
            Dataset trained = test == null && settings.holdout() > 0
                    ? data.split(settings.holdout(), settings.seed()).train() : data;
            standardize(terminal, model, trained, settings.standardize());
        }
        int heldOut = test == null ? (int) Math.round(settings.holdout() * data.size()) : 0;
        if (heldOut == data.size()) {
            terminal.error("train: --holdout " + NumberText.format(settings.holdout()) + " of the "
                    + data.size() + " examples in " + settings.data() + " leaves none to train on");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
        if (settings.holdout() > 0 && heldOut == 0) {
            terminal.err().println("warning: --holdout " + NumberText.format(settings.holdout()) + " of the "
                    + data.size() + " examples in " + settings.data() + " holds out none");
        }
        ProgressReport progress = new ProgressReport(terminal.err(), liveProgress.test(terminal), settings.epochs(),
                settings.unit(), clock);
        Trainer trainer = settings.newTrainer(data.size() - heldOut).seed(settings.seed())
                .heldOutFraction(test == null ? settings.holdout() : 0).gradientNorms(settings.gradientNorms())
                .threads(settings.threads()).listener(progress).build();
        TrainingReport report = test == null ? trainer.train(model, data) : trainer.train(model, data, test);
        progress.finish(report.epochs().size());
        return finish(settings, weights, terminal, model, report, heldOutDescription(settings, test, heldOut));
    }

    /** After training: the stop reason, gradient norms, plot, parameters and the summary line, in that order. */
    private static ExitStatus finish(TrainSettings settings, WeightOptions weights, Terminal terminal, Model model,
                                     TrainingReport report, String heldOut) throws CommandFailure {
        report.stopReason().ifPresent(reason -> terminal.error("training stopped at " + reason));
        if (settings.gradientNorms() && !report.epochs().isEmpty()) {
            GradientNormTable.print(terminal.err(), report.epochs());
        }
        if (settings.plot() != null) {
            String subtitle = settings.describe() + "; held out: " + heldOut;
            write(terminal, settings.plot(), LossCurves.svg(InMemoryModel.name(model) + " on "
                    + Path.of(settings.data()).getFileName(), subtitle, report.epochs(), settings.unit()));
        }
        if (settings.output() != null && report.completed()) {
            save(terminal, model, settings.output(), weights);
        }
        terminal.out().println(summary(report.epochs()));
        return report.completed() ? ExitStatus.SUCCESS : ExitStatus.COMPILE_ERRORS;
    }

    /** {@code final: train_loss=0.0123 holdout_loss=0.0456 holdout_accuracy=0.96}, from the last epoch. */
    static String summary(List<EpochResult> epochs) {
        EpochResult last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        return String.format(Locale.ROOT, "final: train_loss=%s holdout_loss=%s holdout_accuracy=%s",
                NumberText.format(last == null ? Double.NaN : last.trainingLoss()),
                NumberText.format(last == null ? Double.NaN : last.heldOutLoss()),
                NumberText.format(last == null ? Double.NaN : last.heldOutAccuracy()));
    }

    private static String heldOutDescription(TrainSettings settings, Dataset test, int heldOut) {
        if (test != null) {
            return Path.of(settings.test()).getFileName() + " (" + test.size() + " examples)";
        }
        return heldOut == 0 ? "none" : NumberText.format(settings.holdout() * 100) + "% (" + heldOut + " examples)";
    }

    private static void write(Terminal terminal, String file, String content) throws CommandFailure {
        try {
            AtomicFileWriter.write(terminal.resolve(file), content);
            terminal.err().println("wrote " + file);
        } catch (IOException e) {
            terminal.error(e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }

    /** Fits the constants to the training file; a name the model lacks is a usage error. */
    private static void standardize(Terminal terminal, Model model, Dataset data, List<String> constants)
            throws CommandFailure {
        try {
            Standardization.fit(model, data, constants.get(0), constants.get(1));
        } catch (IllegalArgumentException e) {
            terminal.error("train: --standardize: " + e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }

    private static void save(Terminal terminal, Model model, String file, WeightOptions weights)
            throws CommandFailure {
        try {
            WeightFile.save(model, terminal.resolve(file), WeightArguments.forFile(weights, file));
            terminal.err().println("saved the parameters to " + file);
        } catch (WeightFileException e) {
            throw WeightArguments.reported(e, file, terminal);
        } catch (IOException e) {
            // the runtime's exception names the resolved path; the user typed `file`
            terminal.error("cannot write " + file + ": "
                    + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage()));
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }

    /**
     * Whether this process's standard error is a terminal: Java 17 has no call
     * for that, so ask Linux where file descriptor 2 leads, and elsewhere fall
     * back on {@link System#console()} (standard input and output are terminals).
     */
    static boolean standardErrorIsATerminal(Terminal terminal) {
        if (terminal.err() != System.err || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
