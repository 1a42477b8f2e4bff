package dev.dslc.compiler.emit;

/** Where a node's value lives while a method runs. */
enum Storage {
    /** Read straight from the input, target or parameter array, or a literal. */
    LEAF,
    /** Locals: one per element, for small unrolled values read only by unrolled code in the same method. */
    LOCAL,
    /**
     * Elements of the class's one work array, allocated once and shared by
     * values never alive together: values that loops read, and values that
     * cross part methods.
     */
    WORK,
    /** Written straight into the output or the gradient array; never stored. */
    SINK
}
