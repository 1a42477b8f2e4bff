package dev.dslc.spark;

import java.io.Serializable;

/** An example and its place among all of a data set's examples, counted from 0, which the example order uses. */
record IndexedExample(long index, double[] input, double[] target) implements Serializable {
}
