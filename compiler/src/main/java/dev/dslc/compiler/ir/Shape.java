package dev.dslc.compiler.ir;

import java.util.List;
import java.util.stream.Collectors;

/** The static shape of a tensor: rank 0 (scalar), 1 (vector) or 2 (matrix). */
public record Shape(List<Integer> dimensions) {

    private static final Shape SCALAR = new Shape(List.of());

    public Shape {
        dimensions = List.copyOf(dimensions);
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public static Shape of(int... dimensions) {
        return new Shape(java.util.Arrays.stream(dimensions).boxed().toList());
    }

    public int rank() {
        return dimensions.size();
    }

    public boolean isScalar() {
        return dimensions.isEmpty();
    }

    public int dimension(int axis) {
        return dimensions.get(axis);
    }

    /** Number of elements; saturates at {@link Integer#MAX_VALUE} instead of overflowing. */
    public int size() {
        long size = 1;
        for (int dimension : dimensions) {
            size = Math.min(size * dimension, Integer.MAX_VALUE);
        }
        return (int) size;
    }

    /** {@code [4, 2]}, or {@code scalar}. */
    @Override
    public String toString() {
        return isScalar() ? "scalar"
                : dimensions.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The shape an element-wise operation on these two gives, or null when they don't combine. */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b) || b.isScalar()) {
            return a;
        }
        return a.isScalar() ? b : null;
    }

    /** The shape of {@code a @ b} for the spec's four cases, or null when they don't multiply. */
    public static Shape matmul(Shape a, Shape b) {
        if (a.rank() == 0 || b.rank() == 0) {
            return null;
        }
        int inner = a.dimension(a.rank() - 1);
        if (inner != b.dimension(0)) {
            return null;
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return of(a.dimension(0), b.dimension(1));
        }
        if (a.rank() == 2) {
            return of(a.dimension(0));
        }
        return b.rank() == 2 ? of(b.dimension(1)) : scalar();
    }

    /** A matrix transposed; vectors and scalars are unchanged. */
    public Shape transposed() {
        return rank() == 2 ? of(dimension(1), dimension(0)) : this;
    }
}
