package dev.dslc.compiler.emit;

/** Where a node's value lives while a method runs. */
enum Storage {
    /** Read straight from the input, target or parameter array, or a literal. */
    LEAF,
    /** Locals: one per element, for small unrolled values read only by unrolled code in the same method. */
    LOCAL,
    /** A private {@code double} field: a scalar that must outlive the part method computing it. */
    SCALAR_FIELD,
    /** A private {@code double[]} field allocated once, for values loops read or that cross part methods. */
    ARRAY_FIELD,
    /** Written straight into the output or the gradient array; never stored. */
    SINK
}
