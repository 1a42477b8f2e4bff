package dev.dslc.spark;

import java.io.Serializable;

/** A data line of a CSV file, parsed on an executor: its example, or why it is not one. */
record ParsedLine(long line, double[] input, double[] target, String error) implements Serializable {
}
