package dev.dslc.spark;

/**
 * Training on Spark could not go on, for a reason the user can act on: a
 * model class the executors cannot load, a malformed line in the data, a
 * parameter file made for another model. The message names the cause in one
 * line ({@code digits.csv:17: error: column 3: 'x' is not a number}); the
 * executors' failures reach the driver as values, not as stack traces.
 */
public final class SparkTrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SparkTrainingException(String message) {
        super(message);
    }

    public SparkTrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
