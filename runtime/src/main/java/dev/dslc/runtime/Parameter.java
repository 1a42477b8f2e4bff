package dev.dslc.runtime;

import java.util.Arrays;

/**
 * One named parameter tensor of a {@link Model}: its elements occupy
 * {@code parameters()[offset .. offset + size())}, row-major.
 *
 * @param name  the name declared in the {@code .nn} file
 * @param offset the index of its first element in the flat parameter array
 * @param shape the dimensions; empty for a scalar
 */
public record Parameter(String name, int offset, int[] shape) {

    /**
     * Copies {@code shape}, so that the caller's array cannot change the layout.
     *
     * @param name   the name declared in the {@code .nn} file
     * @param offset the index of its first element in the flat parameter array
     * @param shape  the dimensions; empty for a scalar
     */
    public Parameter {
        shape = shape.clone();
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

    // Records compare arrays by identity; a layout is equal when its shapes are.
    @Override
    public boolean equals(Object other) {
        return other instanceof Parameter that
                && name.equals(that.name)
                && offset == that.offset
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + offset) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
