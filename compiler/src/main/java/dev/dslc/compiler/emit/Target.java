package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;

/** Where a kernel writes element k of its result. */
sealed interface Target {

    /** The statement (without its semicolon) that stores {@code value} as element {@code k}. */
    CodeBlock write(Index k, CodeBlock value);

    /** True when writes add to what is there ({@code +=}), so zero elements can be skipped. */
    default boolean accumulates() {
        return false;
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
    }

    /** The caller's output array. */
    record Output() implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("output[$L] = $L", k.render(null), value);
        }
    }

    /** A parameter's slice of the gradient accumulator: {@code grad[W1_OFFSET + k] += ...}. */
    record Gradient(String offsetConstant) implements Target {
        public CodeBlock write(Index k, CodeBlock value) {
            return CodeBlock.of("grad[$L] += $L", k.render(offsetConstant), value);
        }

        @Override
        public boolean accumulates() {
            return true;
        }
    }
}
