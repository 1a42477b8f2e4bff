package dev.dslc.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * The parts of a parameter array that training may change: everything except
 * the elements of non-{@linkplain Parameter#trainable() trainable} parameters
 * (a {@code const}). Elements that no layout entry names count as trainable,
 * as they always have. Computed once per model, so that an optimiser's step
 * walks a few {@code [start, end)} ranges and allocates nothing.
 */
final class TrainableRanges {

    private TrainableRanges() {
    }

    /** True when no parameter of the layout is frozen, the common case: one range covers everything. */
    static boolean allTrainable(List<Parameter> layout) {
        for (int i = 0, n = layout.size(); i < n; i++) {
            if (!layout.get(i).trainable()) {
                return false;
            }
        }
        return true;
    }

    /** {@code [start0, end0, start1, end1, ...]}, ascending and disjoint, covering the trainable elements. */
    static int[] of(List<Parameter> layout, int parameterCount) {
        boolean[] frozen = new boolean[parameterCount];
        for (Parameter parameter : layout) {
            if (!parameter.trainable()) {
                int start = Math.max(0, Math.min(parameter.offset(), parameterCount));
                int end = Math.max(start, Math.min(parameter.offset() + parameter.size(), parameterCount));
                Arrays.fill(frozen, start, end, true);
            }
        }
        int[] ranges = new int[parameterCount + 1];
        int count = 0;
        for (int i = 0; i < parameterCount; i++) {
            if (!frozen[i] && (i == 0 || frozen[i - 1])) {
                ranges[count++] = i;
            }
            if (!frozen[i] && (i == parameterCount - 1 || frozen[i + 1])) {
                ranges[count++] = i + 1;
            }
        }
        return Arrays.copyOf(ranges, count);
    }

    /** The indices inside {@code ranges}, ascending. */
    static int[] indices(int[] ranges) {
        int total = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            total += ranges[r + 1] - ranges[r];
        }
        int[] indices = new int[total];
        int next = 0;
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                indices[next++] = i;
            }
        }
        return indices;
    }
}
