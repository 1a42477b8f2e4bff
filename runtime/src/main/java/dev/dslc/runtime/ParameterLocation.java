package dev.dslc.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Where one element of the flat parameter array lives in a model's
 * {@link Model#parameterLayout() layout}: which named parameter, and which of
 * its elements. Used to name the culprit in gradient checks and training
 * failures.
 *
 * <pre>{@code
 * ParameterLocation where = ParameterLocation.of(model.parameterLayout(), 9);
 * where.toString();   // "W1[2, 1] (element 5 of W1, parameters()[9])" for a 3x2 W1 at offset 4
 * }</pre>
 *
 * @param name       the parameter's name
 * @param flatIndex  the index in {@link Model#parameters()}
 * @param element    the index within the parameter, row-major, from 0
 * @param position   the element's coordinates, one per dimension; empty for a scalar
 */
public record ParameterLocation(String name, int flatIndex, int element, int[] position) {

    /**
     * Copies {@code position}, so that the caller's array cannot change it.
     *
     * @param name      the parameter's name
     * @param flatIndex the index in {@link Model#parameters()}
     * @param element   the index within the parameter, row-major, from 0
     * @param position  the element's coordinates, one per dimension; empty for a scalar
     */
    public ParameterLocation {
        position = position.clone();
    }

    /**
     * Finds the parameter that holds {@code flatIndex}.
     *
     * @param layout    a model's {@link Model#parameterLayout()}
     * @param flatIndex an index in its {@link Model#parameters()}
     * @return the parameter's name and the element's coordinates in it
     * @throws IllegalArgumentException if no parameter in {@code layout} holds {@code flatIndex}
     */
    public static ParameterLocation of(List<Parameter> layout, int flatIndex) {
        for (Parameter parameter : layout) {
            int element = flatIndex - parameter.offset();
            if (element >= 0 && element < parameter.size()) {
                return new ParameterLocation(parameter.name(), flatIndex, element,
                        coordinates(parameter.shape(), element));
            }
        }
        throw new IllegalArgumentException("no parameter in " + layout + " holds index " + flatIndex);
    }

    /** {@return a copy of the element's coordinates; empty for a scalar} */
    @Override
    public int[] position() {
        return position.clone();
    }

    private static int[] coordinates(int[] shape, int element) {
        int[] position = new int[shape.length];
        for (int dimension = shape.length - 1; dimension >= 0; dimension--) {
            position[dimension] = element % shape[dimension];
            element /= shape[dimension];
        }
        return position;
    }

    // Records compare arrays by identity; two locations are equal when their positions are.
    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterLocation that
                && name.equals(that.name)
                && flatIndex == that.flatIndex
                && element == that.element
                && Arrays.equals(position, that.position);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + flatIndex) * 31 + Arrays.hashCode(position);
    }

    @Override
    public String toString() {
        String coordinates = position.length == 0 ? "" : Arrays.toString(position);
        return name + coordinates + " (element " + element + " of " + name + ", parameters()[" + flatIndex + "])";
    }
}
