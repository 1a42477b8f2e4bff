package dev.dslc.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Fills two of a model's constants with the per-feature mean and standard
 * deviation of a data set's inputs, for a model that standardises its own
 * input:
 * <pre>
 *   input  x[4]
 *   const  mu[4]
 *   const  sigma[4] = 1
 *   xs = (x - mu) / sigma
 * </pre>
 * The statistics then live in the model's parameters: a saved parameter file
 * carries them, so {@code dslc predict}, a Java program that loads the file
 * and the training run all scale inputs the same way.
 *
 * <pre>{@code
 * Dataset training = CsvFile.read(path, model);
 * Standardization.fit(model, training, "mu", "sigma");
 * trainer.train(model, training);
 * ParameterFile.save(model, Path.of("iris.params"));   // mu and sigma included
 * }</pre>
 *
 * <p>The standard deviation is the population one (divided by n, as NumPy's
 * {@code std} and scikit-learn's {@code StandardScaler}); a feature that never
 * varies gets 1, so that it becomes 0 rather than NaN.
 */
public final class Standardization {

    private Standardization() {
    }

    /**
     * Sets {@code meanConstant} to the inputs' per-feature means and
     * {@code scaleConstant} to their standard deviations. Both must be
     * constants (not trainable) of the same size: either the whole input
     * ({@link Model#inputSize()} elements, one feature each), or one row of it,
     * a size that divides the input size: element {@code j} then describes
     * input elements {@code j, j + size, j + 2 * size, ...}, the column
     * {@code j} of an input {@code [rows, size]}, over every row of every
     * example.
     *
     * @param model         the model whose constants are set
     * @param data          the examples whose inputs give the statistics
     * @param meanConstant  the name of the constant that receives the means
     * @param scaleConstant the name of the constant that receives the standard deviations
     * @throws IllegalArgumentException naming what is wrong: a missing or trainable constant, a size that fits
     *                                  neither the input nor its rows, or data that is empty or too short for
     *                                  the model; the model is then unchanged
     */
    public static void fit(Model model, Dataset data, String meanConstant, String scaleConstant) {
        if (meanConstant.equals(scaleConstant)) {
            throw new IllegalArgumentException("the mean and the scale need two constants, not '"
                    + meanConstant + "' twice");
        }
        Parameter mean = constant(model, meanConstant);
        Parameter scale = constant(model, scaleConstant);
        int features = mean.size();
        if (scale.size() != features) {
            throw new IllegalArgumentException("'" + meanConstant + "' has " + features + " elements but '"
                    + scaleConstant + "' has " + scale.size() + "; they must describe the same features");
        }
        if (model.inputSize() % features != 0) {
            throw new IllegalArgumentException("'" + meanConstant + "' has " + features + " elements, which fits"
                    + " neither the model's " + model.inputSize() + " inputs nor rows of them; give it "
                    + model.inputSize() + " elements (or a number of columns that divides it)");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("no examples to take the mean and standard deviation of");
        }
        data.requireFits(model);
        double[] means = new double[features];
        double[] deviations = new double[features];
        statistics(data, model.inputSize(), means, deviations);
        double[] parameters = model.parameters();
        System.arraycopy(means, 0, parameters, mean.offset(), features);
        System.arraycopy(deviations, 0, parameters, scale.offset(), features);
    }

    /** Two passes, mean first, then squared deviations from it: no cancellation for data far from zero. */
    private static void statistics(Dataset data, int inputSize, double[] means, double[] deviations) {
        int features = means.length;
        long count = (long) data.size() * (inputSize / features);
        for (int example = 0; example < data.size(); example++) {
            double[] input = data.input(example);
            for (int i = 0; i < inputSize; i++) {
                means[i % features] += input[i];
            }
        }
        for (int j = 0; j < features; j++) {
            means[j] /= count;
        }
        for (int example = 0; example < data.size(); example++) {
            double[] input = data.input(example);
            for (int i = 0; i < inputSize; i++) {
                double d = input[i] - means[i % features];
                deviations[i % features] += d * d;
            }
        }
        for (int j = 0; j < features; j++) {
            double deviation = Math.sqrt(deviations[j] / count);
            deviations[j] = deviation == 0.0 ? 1.0 : deviation;
        }
    }

    private static Parameter constant(Model model, String name) {
        List<Parameter> layout = model.parameterLayout();
        for (Parameter parameter : layout) {
            if (parameter.name().equals(name)) {
                if (parameter.trainable()) {
                    throw new IllegalArgumentException("'" + name + "' is a trainable parameter, which training would"
                            + " change; declare it as a constant: const " + name + shape(parameter));
                }
                return parameter;
            }
        }
        String constants = layout.stream().filter(p -> !p.trainable()).map(Parameter::name)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("the model has no constant '" + name + "'; "
                + (constants.isEmpty() ? "it declares none (const " + name + "[n])" : "its constants are " + constants));
    }

    private static String shape(Parameter parameter) {
        int[] shape = parameter.shape();
        return shape.length == 0 ? "" : java.util.Arrays.toString(shape);
    }
}
