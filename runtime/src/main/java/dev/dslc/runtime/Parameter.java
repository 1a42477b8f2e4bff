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

    public Parameter {
        shape = shape.clone();
    }

    /** The number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        int size = 1;
        for (int dimension : shape) {
            size *= dimension;
        }
        return size;
    }

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
