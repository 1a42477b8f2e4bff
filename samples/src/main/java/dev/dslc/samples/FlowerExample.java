package dev.dslc.samples;

import dev.dslc.runtime.Adam;
import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Evaluation;
import dev.dslc.runtime.ParameterFile;
import dev.dslc.runtime.Prediction;
import dev.dslc.runtime.Standardization;
import dev.dslc.runtime.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The worked example of docs/java-api.md: trains {@link Flower}, which the
 * Maven plugin generates from samples/flower.nn, on four fifths of the iris
 * flowers, standardising the measurements inside the model, tests it on the
 * rest, saves it, and loads it into a fresh instance to predict.
 *
 * <pre>
 * mvn -q -pl samples -am package -DskipTests
 * java -cp samples/target/classes:runtime/target/classes dev.dslc.samples.FlowerExample samples/data/iris.csv
 * </pre>
 */
public final class FlowerExample {

    private FlowerExample() {
    }

    public static void main(String[] args) throws IOException {
        run(Path.of(args[0]), Path.of("flower.params"), System.out);
    }

    static Evaluation run(Path irisCsv, Path saved, PrintStream out) throws IOException {
        // Load: each row is Flower's four inputs, then the species as a class index, which becomes one-hot.
        Flower model = new Flower(42L);
        Dataset.Split parts = CsvFile.read(irisCsv, model).split(0.2, 42L);

        // Standardise: mu and sigma become the training part's per-measurement means and standard deviations.
        Standardization.fit(model, parts.train(), "mu", "sigma");

        // Train with Adam, mini-batches of 16, hearing about every 25th epoch.
        Trainer trainer = Trainer.builder(new Adam(0.01))
                .epochs(100).batchSize(16).seed(42L)
                .listener(epoch -> {
                    if (epoch.epoch() % 25 == 0) {
                        out.println(epoch);
                    }
                })
                .build();
        trainer.train(model, parts.train());

        // Evaluate on the fifth that training never saw.
        Evaluation test = Evaluation.of(model, parts.test());
        out.println("test: " + test);
        out.println(test.confusion());

        // Save the weights and the constants mu and sigma, with the model's layout, to one file.
        ParameterFile.save(model, saved);

        // Another program would start here: a fresh instance, the saved parameters, predictions.
        Flower restored = new Flower();
        ParameterFile.load(restored, saved);
        double[][] probabilities = Prediction.predict(restored, parts.test());
        out.printf("first test flower: setosa %.3f, versicolor %.3f, virginica %.3f%n",
                probabilities[0][0], probabilities[0][1], probabilities[0][2]);
        return test;
    }
}
