package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.OptionalInt;

/** Where a kernel writes element k of its result. */
sealed interface Target {

    /** The statement (without its semicolon) that stores {@code value} as element {@code k}. */
    CodeBlock write(Index k, CodeBlock value);

    /** True when writes add to what is there ({@code +=}), so zero elements can be skipped. */
    default boolean accumulates() {
        return false;
    }

    /** The statement that adds {@code value} to element {@code k}: {@code x[k] += value}. */
    default CodeBlock add(Index k, CodeBlock value) {
        throw new IllegalStateException(this + " is written once per element");
    }

    /** Where element 0 of the target lies in its array, when that is a compile-time number. */
    default OptionalInt arrayOffset() {
        return OptionalInt.empty();
    }

    /** Locals: {@code double a1 = ...} for a scalar, {@code double h_3 = ...} per element of a small tensor. */
    record Locals(String name, boolean elementwise, boolean declare) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            String local = elementwise ? name + "_" + k.constant() : name;
            return CodeBlock.of(declare ? "double $N = $L" : "$N = $L", local, value);
        }
    }

    /**
     * Elements of the class's work array from {@code offset} on; a scalar is
     * the one element at {@code offset}, whatever the index.
     */
    record Work(int offset, boolean scalar, String base) implements Target {
        /** The method local that holds the work array. */
        static final String ARRAY = "work";

        /** Elements from a known offset. */
        Work(int offset, boolean scalar) {
            this(offset, scalar, null);
        }

        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("$N[$L] = $L", ARRAY, element(k), value);
        }

        @Override
        public CodeBlock add(Index k, CodeBlock value) {
            return CodeBlock.of("$N[$L] += $L", ARRAY, element(k), value);
        }

        /** The offset the code-shape decisions see, whether or not the code names it {@code base}. */
        @Override
        public OptionalInt arrayOffset() {
            return scalar ? OptionalInt.empty() : OptionalInt.of(offset);
        }

        /** Element k, from the offset as a number or, in a shared kernel, as its argument {@code base}. */
        private String element(Index k) {
            Index index = scalar ? Index.of(0) : k;
            return base != null ? index.render(base) : index.plus(offset).render(null);
        }
    }

    /**
     * A slice of one of the caller's arrays, each element written once: the
     * output, or what a derivative entry point delivers ({@code dInput},
     * {@code jac}, {@code hv}), from {@code offset} on, which the code names by
     * {@code offsetConstant} where there is one.
     */
    record Slice(String array, String offsetConstant, int offset) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("$N[$L] = $L", array, element(k), value);
        }

        @Override
        public CodeBlock add(Index k, CodeBlock value) {
            return CodeBlock.of("$N[$L] += $L", array, element(k), value);
        }

        @Override
        public OptionalInt arrayOffset() {
            return OptionalInt.of(offset);
        }

        private String element(Index k) {
            return offsetConstant != null ? k.render(offsetConstant) : k.plus(offset).render(null);
        }
    }

    /**
     * A parameter's slice: of the gradient accumulator in {@code backward}
     * without fused steps ({@code grad[W1_OFFSET + k] += ...}), or of the
     * array {@code dest} of the one body behind both {@code backward} and
     * {@code sgdStep}, which adds {@code scale} times the gradient to it
     * ({@code dest[W1_OFFSET + k] += scale * (...)}): the gradients with
     * scale 1, or the parameters themselves with scale -learningRate.
     */
    record ParameterSlice(String offsetConstant, int offset, boolean scaled) implements Target {
        /** The body's destination array and its factor, as its parameters call them. */
        static final String DESTINATION = "dest";
        static final String SCALE = "scale";

        public CodeBlock write(Index k, CodeBlock value) {
            return addScaled(k, rowScale(parenthesized(value)));
        }

        @Override
        public CodeBlock add(Index k, CodeBlock value) {
            return write(k, value);
        }

        @Override
        public boolean accumulates() {
            return true;
        }

        @Override
        public OptionalInt arrayOffset() {
            return OptionalInt.of(offset);
        }

        /** The array the slice lies in, as the method's local or parameter calls it. */
        String array() {
            return scaled ? DESTINATION : "grad";
        }

        /** A row's common factor, with the scale folded in once per row rather than once per element. */
        CodeBlock rowScale(CodeBlock factor) {
            return scaled ? CodeBlock.of("$N * $L", SCALE, factor) : factor;
        }

        /** Element k moves by a value already scaled by {@link #rowScale}. */
        CodeBlock addScaled(Index k, CodeBlock scaled) {
            return CodeBlock.of("$N[$L] += $L", array(), k.render(offsetConstant), scaled);
        }

        private CodeBlock parenthesized(CodeBlock value) {
            return !scaled || value.toString().matches("[\\w\\[\\]]+") ? value : CodeBlock.of("($L)", value);
        }
    }

    /**
     * In {@code backwardBatch}, example {@code ex}'s element k of a value held
     * in the block's table of rows: {@code blockRows[FIRST + k][ex]}.
     */
    record ExampleRows(String table, int first) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("$N[$L][ex] = $L", table, k.plus(first).render(null), value);
        }
    }
}
