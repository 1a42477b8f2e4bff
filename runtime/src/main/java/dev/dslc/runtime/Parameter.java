package dev.dslc.runtime;

import java.util.Arrays;

/**
 * One named parameter tensor of a {@link Model}: its elements occupy
 * {@code parameters()[offset .. offset + size())}, row-major. A
 * {@code const} of the {@code .nn} file is a parameter that is not
 * {@linkplain #trainable() trainable}: it is saved and loaded with the others,
 * but its gradient stays zero and optimisers, weight decay and the gradient
 * check leave it alone.
 *
 * <pre>{@code
 * for (Parameter p : model.parameterLayout()) {
 *     System.out.println(p + (p.trainable() ? "" : " (const)"));   // "mu[4]@0 (const)"
 * }
 * }</pre>
 *
 * @param name      the name declared in the {@code .nn} file
 * @param offset    the index of its first element in the flat parameter array
 * @param shape     the dimensions; empty for a scalar
 * @param trainable false for a {@code const}
 */
public record Parameter(String name, int offset, int[] shape, boolean trainable) {

    /**
     * Copies {@code shape}, so that the caller's array cannot change the layout.
     *
     * @param name      the name declared in the {@code .nn} file
     * @param offset    the index of its first element in the flat parameter array
     * @param shape     the dimensions; empty for a scalar
     * @param trainable false for a {@code const}
     */
    public Parameter {
        shape = shape.clone();
    }

    /**
     * A trainable parameter, as a {@code param} declares it.
     *
     * @param name   the name declared in the {@code .nn} file
     * @param offset the index of its first element in the flat parameter array
     * @param shape  the dimensions; empty for a scalar
     */
    public Parameter(String name, int offset, int[] shape) {
        this(name, offset, shape, true);
    }

    /** {@return the number of elements: the product of the dimensions (1 for a scalar)} */
    public int size() {
        int size = 1;
        for (int dimension : shape) {
            size *= dimension;
        }
        return size;
    }

    /** {@return a copy of the dimensions; empty for a scalar} */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * {@return true when both name the same elements: same name, offset and shape, whether trainable or not}
     *
     * @param other the parameter to compare with
     */
    public boolean samePlace(Parameter other) {
        return name.equals(other.name) && offset == other.offset && Arrays.equals(shape, other.shape);
    }

    // Records compare arrays by identity; a layout is equal when its shapes are.
    @Override
    public boolean equals(Object other) {
        return other instanceof Parameter that && samePlace(that) && trainable == that.trainable;
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + offset) * 31 + Arrays.hashCode(shape)) * 31 + Boolean.hashCode(trainable);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
