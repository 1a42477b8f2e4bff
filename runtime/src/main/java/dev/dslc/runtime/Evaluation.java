package dev.dslc.runtime;

import java.util.Arrays;
import java.util.Locale;

/**
 * How well a model does on a data set: its mean loss, its accuracy and
 * confusion matrix by the rule {@link Trainer} uses (one output: above 0.5 is
 * class 1; several outputs: the largest is the class, as with one-hot
 * targets), and the mean squared error between outputs and targets. These
 * are the held-out figures {@link Trainer} reports, computed the same way, so
 * evaluating a trained model on {@code data.split(f, seed).test()} gives the
 * last epoch's held-out loss and accuracy of a trainer with
 * {@code heldOutFraction(f)} and {@code seed(seed)}, bit for bit.
 *
 * <pre>{@code
 * Evaluation test = Evaluation.of(model, parts.test());
 * System.out.println(test);              // 400 examples: loss 0.1893 accuracy 0.9325 mean squared error 0.05412
 * System.out.println(test.confusion());  // rows are the actual classes, columns the predicted ones
 * int missed = test.confusion().count(1, 0);
 * }</pre>
 *
 * <p>With no examples, the loss, accuracy and mean squared error are NaN. A
 * model without targets has no accuracy (NaN) and counts nothing in the
 * confusion matrix.
 *
 * @param examples         how many examples were evaluated
 * @param loss             the mean of {@link Model#loss} over the examples
 * @param accuracy         the fraction of examples whose predicted class is the target's; NaN without targets
 * @param meanSquaredError the mean over examples and output elements of {@code (output - target)^2};
 *                         NaN when the model's output and target sizes differ
 * @param confusion        how many examples of each actual class were predicted as each class
 */
public record Evaluation(int examples, double loss, double accuracy, double meanSquaredError,
                         ConfusionMatrix confusion) {

    /**
     * Runs {@code model} over every example of {@code data}; the model is not changed.
     *
     * @param model the model to measure
     * @param data  the examples, each row at least as long as the model's input or target
     * @return the figures
     * @throws IllegalArgumentException naming the first example whose rows are too short
     */
    public static Evaluation of(Model model, Dataset data) {
        data.requireFits(model);
        int outputSize = model.outputSize();
        int targetSize = model.targetSize();
        boolean paired = outputSize == targetSize;
        int[][] counts = new int[Accuracy.classes(outputSize, targetSize)][Accuracy.classes(outputSize, targetSize)];
        double[] output = new double[outputSize];
        double lossSum = 0.0;
        double squaredSum = 0.0;
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] input = data.input(i);
            double[] target = data.target(i);
            model.forward(input, output);
            if (Accuracy.applies(targetSize)) {
                int predicted = Accuracy.predictedClass(output, outputSize);
                int actual = Accuracy.actualClass(target, outputSize, targetSize);
                counts[actual][predicted]++;
                correct += predicted == actual ? 1 : 0;
            }
            lossSum += model.loss(input, target);
            if (paired) {
                for (int k = 0; k < outputSize; k++) {
                    double difference = output[k] - target[k];
                    squaredSum += difference * difference;
                }
            }
        }
        int n = data.size();
        return new Evaluation(n, lossSum / n, Accuracy.applies(targetSize) ? (double) correct / n : Double.NaN,
                paired ? squaredSum / ((double) n * outputSize) : Double.NaN, new ConfusionMatrix(counts));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d examples: loss %.4g accuracy %.4f mean squared error %.4g",
                examples, loss, accuracy, meanSquaredError);
    }

    /**
     * Counts of examples by actual class (rows) and predicted class (columns), as
     * scikit-learn's {@code confusion_matrix} lays them out. With one output
     * there are two classes, 0 and 1; with several, one per output.
     *
     * <pre>{@code
     * ConfusionMatrix m = evaluation.confusion();
     * double recall = (double) m.count(1, 1) / (m.count(1, 0) + m.count(1, 1));
     * }</pre>
     *
     * @param counts {@code counts[actual][predicted]}, square
     */
    public record ConfusionMatrix(int[][] counts) {

        /**
         * Copies {@code counts}.
         *
         * @param counts {@code counts[actual][predicted]}, square
         * @throws IllegalArgumentException if the counts are not square
         */
        public ConfusionMatrix {
            counts = Arrays.stream(counts).map(int[]::clone).toArray(int[][]::new);
            for (int[] row : counts) {
                if (row.length != counts.length) {
                    throw new IllegalArgumentException("a confusion matrix is square; " + counts.length
                            + " rows but a row of " + row.length);
                }
            }
        }

        /**
         * The number of classes: the matrix's rows and columns.
         *
         * @return the number of classes
         */
        public int classes() {
            return counts.length;
        }

        /**
         * How many examples of class {@code actual} were predicted as class {@code predicted}.
         *
         * @param actual    the class of the target
         * @param predicted the class of the output
         * @return the number of examples
         */
        public int count(int actual, int predicted) {
            return counts[actual][predicted];
        }

        /**
         * A copy of the counts.
         *
         * @return {@code counts[actual][predicted]}
         */
        @Override
        public int[][] counts() {
            return Arrays.stream(counts).map(int[]::clone).toArray(int[][]::new);
        }

        // Records compare arrays by identity; two matrices are equal when their counts are.
        @Override
        public boolean equals(Object other) {
            return other instanceof ConfusionMatrix that && Arrays.deepEquals(counts, that.counts);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(counts);
        }

        /** A table with a header row of predicted classes and one row per actual class. */
        @Override
        public String toString() {
            int width = 1;
            for (int[] row : counts) {
                for (int count : row) {
                    width = Math.max(width, Integer.toString(count).length());
                }
            }
            width = Math.max(width, Integer.toString(counts.length - 1).length()) + 2;
            StringBuilder table = new StringBuilder("actual \\ predicted");
            for (int k = 0; k < counts.length; k++) {
                table.append(pad(Integer.toString(k), width));
            }
            for (int actual = 0; actual < counts.length; actual++) {
                table.append('\n').append(pad(Integer.toString(actual), "actual \\ predicted".length()));
                for (int count : counts[actual]) {
                    table.append(pad(Integer.toString(count), width));
                }
            }
            return table.toString();
        }

        private static String pad(String text, int width) {
            return " ".repeat(Math.max(0, width - text.length())) + text;
        }
    }
}
