package dev.dslc.samples;

import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.EpochResult;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
import dev.dslc.runtime.Trainer;
import dev.dslc.runtime.TrainingReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The vanishing-gradients demo: trains {@link DeepSigmoid} and
 * {@link DeepRelu} ({@code samples/deep_sigmoid.nn} and
 * {@code samples/deep_relu.nn}, the same 64-32-32-32-32-32-10 network with
 * sigmoid or relu hidden layers) on the 8x8 digits with plain SGD, and prints
 * the gradient norm of each layer's weights in the first epoch, side by side.
 * A sigmoid's slope is at most 1/4, so each sigmoid layer that the gradient
 * passes through on its way back shrinks it: the first layer's gradient is a
 * thousandth of the last's, and after ten epochs the sigmoid network is
 * still guessing (10% right) while the relu one gets 95% of its training
 * examples right.
 *
 * <pre>
 * mvn -q -pl samples -am package -DskipTests
 * java -cp samples/target/classes:runtime/target/classes dev.dslc.samples.VanishingGradients samples/data/optdigits-test.csv
 * </pre>
 */
public final class VanishingGradients {
    static final int EPOCHS = 10;
    static final long SEED = 1L;

    private VanishingGradients() {
    }

    /** One network's run: the weights' gradient norms in epoch 1, and the last epoch. */
    record Run(String name, List<EpochResult.GradientNorm> firstEpochWeights, EpochResult last) {

        /** |dW1| / |dW6|: the first layer's gradient as a fraction of the last layer's. */
        double firstToLast() {
            return firstEpochWeights.get(0).norm() / firstEpochWeights.get(firstEpochWeights.size() - 1).norm();
        }
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "samples/data/optdigits-test.csv");
        print(compare(data), System.out);
    }

    /** Trains both networks on the digits in {@code data}, with the same settings and seed. */
    static List<Run> compare(Path data) throws IOException {
        Dataset digits = CsvFile.read(data, DeepSigmoid.INPUT_SIZE, DeepSigmoid.TARGET_SIZE);
        return List.of(train("sigmoid", new DeepSigmoid(SEED), digits), train("relu", new DeepRelu(SEED), digits));
    }

    /** As {@code dslc train --optimizer sgd --lr 0.1 --batch 16 --holdout 0.33 --epochs 10 --seed 1 --gradient-norms}. */
    private static Run train(String name, Model model, Dataset digits) {
        TrainingReport report = Trainer.builder(new Sgd(0.1)).epochs(EPOCHS).batchSize(16).heldOutFraction(0.33)
                .seed(SEED).gradientNorms(true).build().train(model, digits);
        List<EpochResult.GradientNorm> weights = report.epochs().get(0).gradientNorms().stream()
                .filter(norm -> norm.parameter().startsWith("W")).toList();
        return new Run(name, weights, report.lastEpoch());
    }

    static void print(List<Run> runs, PrintStream out) {
        out.println("Gradient norm of each layer's weights in epoch 1 (L2 norm of the batch-mean gradient):");
        out.printf(Locale.ROOT, "%-14s", "layer");
        runs.forEach(run -> out.printf(Locale.ROOT, "%12s", run.name()));
        out.println();
        for (int layer = 0; layer < runs.get(0).firstEpochWeights().size(); layer++) {
            out.printf(Locale.ROOT, "%-14s", runs.get(0).firstEpochWeights().get(layer).parameter());
            for (Run run : runs) {
                out.printf(Locale.ROOT, "%12.3g", run.firstEpochWeights().get(layer).norm());
            }
            out.println();
        }
        out.printf(Locale.ROOT, "%-14s", "|dW1| / |dW6|");
        runs.forEach(run -> out.printf(Locale.ROOT, "%12.3g", run.firstToLast()));
        out.println();
        out.printf(Locale.ROOT, "accuracy after %d epochs:%n", EPOCHS);
        out.printf(Locale.ROOT, "%-14s", "  training");
        runs.forEach(run -> out.printf(Locale.ROOT, "%11.1f%%", 100 * run.last().trainingAccuracy()));
        out.printf(Locale.ROOT, "%n%-14s", "  held-out");
        runs.forEach(run -> out.printf(Locale.ROOT, "%11.1f%%", 100 * run.last().heldOutAccuracy()));
        out.println();
    }
}
