package dev.dslc.spark;

import java.io.Serializable;

/**
 * One training example for {@link SparkExamples#of}: the model's input and
 * target, laid out as {@code Model.backward} takes them.
 *
 * @param input  at least the model's input size
 * @param target at least the model's target size
 */
public record Example(double[] input, double[] target) implements Serializable {
}
