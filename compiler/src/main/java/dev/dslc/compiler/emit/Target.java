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

    /** A private work array or scalar field. */
    record Field(String name, boolean scalar) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return scalar ? CodeBlock.of("$N = $L", name, value) : CodeBlock.of("$N[$L] = $L", name, k.render(null), value);
        }

        @Override
        public CodeBlock add(Index k, CodeBlock value) {
            return scalar ? CodeBlock.of("$N += $L", name, value) : CodeBlock.of("$N[$L] += $L", name, k.render(null), value);
        }

        @Override
        public OptionalInt arrayOffset() {
            return scalar ? OptionalInt.empty() : OptionalInt.of(0);
        }
    }

    /** The caller's output array. */
    record Output() implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("output[$L] = $L", k.render(null), value);
        }

        @Override
        public CodeBlock add(Index k, CodeBlock value) {
            return CodeBlock.of("output[$L] += $L", k.render(null), value);
        }

        @Override
        public OptionalInt arrayOffset() {
            return OptionalInt.of(0);
        }
    }

    /**
     * A parameter's slice: of the gradient accumulator in {@code backward}
     * ({@code grad[W1_OFFSET + k] += ...}), or of the parameters themselves in
     * {@code sgdStep}, which descends as it goes
     * ({@code param[W1_OFFSET + k] -= learningRate * (...)}).
     */
    record ParameterSlice(String offsetConstant, int offset, boolean descends) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return addScaled(k, descends ? CodeBlock.of("learningRate * $L", parenthesized(value)) : value);
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

        /** The array the slice lies in, as the method's local calls it. */
        String array() {
            return descends ? "param" : "grad";
        }

        /** A row's common factor, with the learning rate folded in once per row rather than once per element. */
        CodeBlock rowScale(CodeBlock factor) {
            return descends ? CodeBlock.of("learningRate * $L", factor) : factor;
        }

        /** Element k moves by a value already scaled by {@link #rowScale}. */
        CodeBlock addScaled(Index k, CodeBlock scaled) {
            return CodeBlock.of("$N[$L] $L $L", array(), k.render(offsetConstant), descends ? "-=" : "+=", scaled);
        }

        private static CodeBlock parenthesized(CodeBlock value) {
            return value.toString().matches("[\\w\\[\\]]+") ? value : CodeBlock.of("($L)", value);
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
