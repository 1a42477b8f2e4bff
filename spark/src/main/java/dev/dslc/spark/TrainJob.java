package dev.dslc.spark;

import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.TrainingListener;
import dev.dslc.runtime.TrainingReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class dev.dslc.spark.TrainJob app.jar --model com.example.Digits --data PATH.csv [options]}:
 * trains a generated model class on a cluster with {@link SparkTrainer}, with
 * the options of {@code dslc train} that apply there and its CSV format, and
 * ends, like it, with {@code final: train_loss=X holdout_loss=Y holdout_accuracy=Z}
 * on standard output. See docs/spark.md.
 */
public final class TrainJob {

    static final String USAGE = """
            usage: spark-submit --class dev.dslc.spark.TrainJob APP.jar --model CLASS --data PATH.csv [options]

            Trains the dslc-generated class CLASS (in APP.jar) on the examples in PATH.csv,
            which may be any path Spark reads (file:, hdfs:, s3a:, a directory, a glob),
            in the CSV format of dslc train. Progress goes to standard error; the last
            line, on standard output, is
              final: train_loss=X holdout_loss=Y holdout_accuracy=Z

            options (as for dslc train):
                  --model CLASS         the generated model class (required)
                  --data PATH.csv       the training examples (required)
                  --epochs N            passes over the training examples (default 10)
                  --batch N             examples per optimiser step (default 32)
                  --optimizer NAME      sgd, momentum or adam (default adam)
                  --lr X                learning rate (default 0.1 sgd, 0.01 momentum, 0.001 adam)
                  --schedule NAME       constant or cosine (default constant)
                  --seed N              seeds the initial parameters, the split and the
                                        shuffles (default 0)
                  --holdout F           keep this fraction out of training, evaluate on it
                  --test PATH.csv       evaluate on these examples instead
              -o FILE                   save the parameters to FILE (on the driver) after
                                        every epoch, and the epoch count to FILE.epoch
                  --params FILE         start from parameters saved with -o
                  --resume              go on from -o FILE and FILE.epoch where they exist
                  --master URL          the Spark master, when not run by spark-submit

            exit status: 0 trained, 1 errors in the data or the model, or training stopped
            on a NaN or infinite value, 2 usage or I/O problem
            """;

    private TrainJob() {
    }

    /** Runs the job with a Spark context of its own and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), null, System.out, System.err));
    }

    /**
     * Runs the job; uses {@code spark} when it is not null (tests share one), else starts a context and stops it.
     * Returns the exit status.
     */
    static int run(List<String> args, JavaSparkContext spark, PrintStream out, PrintStream err) {
        if (args.contains("-h") || args.contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("TrainJob: error: " + e.getMessage());
            err.println("Run with --help for usage.");
            return 2;
        }
        JavaSparkContext context = spark != null ? spark : new JavaSparkContext(conf(options));
        try {
            return train(options, context, out, err);
        } catch (SparkTrainingException e) {
            err.println("TrainJob: error: " + e.getMessage());
            return 1;
        } finally {
            if (spark == null) {
                context.stop();
            }
        }
    }

    private static SparkConf conf(JobOptions options) {
        // parameters are doubles that LZ4 cannot shrink (104,043 bytes to 103,866 for the MNIST sample), and
        // compressing them costs each iteration's broadcast 0.1 ms on the driver and each executor (docs/spark.md)
        SparkConf conf = new SparkConf().setAppName("dslc TrainJob " + options.model())
                .setIfMissing("spark.broadcast.compress", "false");
        if (options.master() != null) {
            conf.setMaster(options.master());
        }
        return conf;
    }

    private static int train(JobOptions options, JavaSparkContext spark, PrintStream out, PrintStream err) {
        Model model = ModelClasses.newInstance(options.model(), Thread.currentThread().getContextClassLoader(),
                "driver's", options.seed());
        Path output = options.output() == null ? null : Path.of(options.output());
        int finished = 0;
        try {
            if (options.params() != null) {
                ParameterFile.load(model, Path.of(options.params()));
            }
            if (options.resume() && Files.exists(output)) {
                ParameterFile.load(model, output);
                finished = EpochCheckpoint.finishedEpochs(output);
                err.println("resuming from " + output + " after epoch " + finished);
            }
        } catch (NoSuchFileException e) {
            err.println("TrainJob: error: " + e.getFile() + ": no such file");
            return 2;
        } catch (IOException e) {
            throw new SparkTrainingException(e.getMessage(), e);
        }
        SparkExamples data = SparkExamples.readCsv(spark, options.data(), model.inputSize(), model.targetSize());
        SparkExamples test = options.test() == null ? null
                : SparkExamples.readCsv(spark, options.test(), model.inputSize(), model.targetSize());
        long heldOut = test == null ? Math.round(options.holdout() * data.count()) : 0;
        SparkTrainerBuilder builder = SparkTrainer.builder(options.newOptimizer(data.count() - heldOut))
                .epochs(options.epochs()).batchSize(options.batch()).seed(options.seed())
                .heldOutFraction(test == null ? options.holdout() : 0).resumeAfter(finished)
                .listener(progress(err, options.epochs()));
        if (output != null) {
            builder.checkpoint(output);
        }
        err.println("training " + options.model() + " on " + data.count() + " examples: " + options.describe());
        TrainingReport report = builder.build().train(model, data, test);
        report.stopReason().ifPresent(reason -> err.println("TrainJob: error: training stopped at " + reason));
        if (output != null && report.completed()) {
            err.println("saved the parameters to " + output);
        }
        out.println(summary(report.epochs()));
        return report.completed() ? 0 : 1;
    }

    private static TrainingListener progress(PrintStream err, int epochs) {
        long start = System.nanoTime();
        return epoch -> err.printf(Locale.ROOT, "epoch %d/%d: %s (%.1f s)%n", epoch.epoch(), epochs,
                epoch.toString().replaceFirst("^epoch \\d+: ", ""), (System.nanoTime() - start) / 1e9);
    }

    /** {@code final: train_loss=0.0123 holdout_loss=0.0456 holdout_accuracy=0.96}, as dslc train prints it. */
    static String summary(List<EpochResult> epochs) {
        EpochResult last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        return String.format(Locale.ROOT, "final: train_loss=%.6g holdout_loss=%.6g holdout_accuracy=%.6g",
                last == null ? Double.NaN : last.trainingLoss(), last == null ? Double.NaN : last.heldOutLoss(),
                last == null ? Double.NaN : last.heldOutAccuracy());
    }
}
