package dev.dslc.runtime;

/**
 * A model's outputs for many examples at once, one row per example, each
 * {@link Model#outputSize()} long.
 *
 * <pre>{@code
 * import static dev.dslc.runtime.Prediction.predict;
 *
 * double[][] outputs = predict(model, CsvFile.readInputs(Path.of("new-customers.csv"), model));
 * double[][] same = predict(model, testData);   // targets, if any, are not used
 * }</pre>
 */
public final class Prediction {

    private Prediction() {
    }

    /**
     * The model's output for each input of {@code data}, in order.
     *
     * @param model the model to run
     * @param data  the examples; their targets are not used
     * @return one row of {@link Model#outputSize()} numbers per example
     * @throws IllegalArgumentException naming the first input that is too short
     */
    public static double[][] predict(Model model, Dataset data) {
        return predict(model, data.inputs());
    }

    /**
     * The model's output for each row of {@code inputs}, in order; a row longer
     * than the model's input size has its extra elements ignored.
     *
     * @param model  the model to run
     * @param inputs one row per example
     * @return one row of {@link Model#outputSize()} numbers per input row
     * @throws IllegalArgumentException naming the first row that is null or too short
     */
    public static double[][] predict(Model model, double[][] inputs) {
        Lengths.requireRows(inputs, model.inputSize(), "input");
        double[][] outputs = new double[inputs.length][model.outputSize()];
        for (int i = 0; i < inputs.length; i++) {
            model.forward(inputs[i], outputs[i]);
        }
        return outputs;
    }
}
