package dev.dslc.compiler.emit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Space in an array (the work array, or backwardBatch's table of rows) for
 * values that live for a while and then die:
 * first fit over the free gaps, and a freed range joins its free neighbours,
 * so values that are never alive together share elements.
 */
final class WorkSpace {
    /** Free gaps below {@link #size}: start to length. */
    private final TreeMap<Integer, Integer> free = new TreeMap<>();
    private int size;

    /** Space from {@code start} on: what lies below belongs to someone else. */
    WorkSpace(int start) {
        size = start;
    }

    /** The start of {@code length} free elements at a multiple of {@code alignment}, now taken. */
    int allocate(int length, int alignment) {
        for (Map.Entry<Integer, Integer> gap : free.entrySet()) {
            int start = gap.getKey();
            int end = start + gap.getValue();
            int aligned = roundUp(start, alignment);
            if (aligned + length <= end) {
                free.remove(start);
                if (aligned > start) {
                    free.put(start, aligned - start);
                }
                if (aligned + length < end) {
                    free.put(aligned + length, end - aligned - length);
                }
                return aligned;
            }
        }
        int aligned = roundUp(size, alignment);
        if (aligned > size) {
            release(size, aligned - size);
        }
        size = aligned + length;
        return aligned;
    }

    /** Gives back {@code [start, start + length)}. */
    void release(int start, int length) {
        if (length == 0) {
            return;
        }
        int from = start;
        int total = length;
        Map.Entry<Integer, Integer> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            from = before.getKey();
            total += before.getValue();
            free.remove(before.getKey());
        }
        Integer after = free.remove(start + length);
        if (after != null) {
            total += after;
        }
        free.put(from, total);
    }

    /** Elements the array needs: the end of the highest range ever taken. */
    int size() {
        return size;
    }

    private static int roundUp(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
