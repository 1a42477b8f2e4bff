package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.Node;
import java.util.function.ToIntFunction;

/**
 * How one IR operator is computed, written once against {@link Operands}
 * and {@link Target}. The renderers ({@link Kernels} per example, unrolled or
 * in loops; {@link BatchKernels} and {@link ExampleLoop} for a block of
 * examples) decide how to iterate and where operands live; an operator
 * only says what each result element is.
 */
sealed interface Operator {

    /** A result element's position: its row and column in a matrix result (null for flat ones) and its flat index. */
    record Element(Index row, Index column, Index flat) {
    }

    /** The value of one result element from operand elements. */
    @FunctionalInterface
    interface Value {
        CodeBlock at(Node node, Element element, Operands in);
    }

    /** The flat result indices [first, end) an element-wise operator computes; the others are zero. */
    record Range(int first, int end) {
    }

    /**
     * Each result element from operand elements, independently of the others.
     * A {@code grid} operator's value depends on the row and column (the
     * renderers loop over both); a {@code support} smaller than the result
     * leaves the rest of it zero.
     */
    record ElementWise(boolean grid, java.util.function.Function<Node, Range> support, Value value)
            implements Operator {

        static ElementWise flat(Value value) {
            return new ElementWise(false, node -> new Range(0, node.size()), value);
        }

        static ElementWise grid(Value value) {
            return new ElementWise(true, node -> new Range(0, node.size()), value);
        }
    }

    /** An operand-dependent part of a reduction: the term for result element (i, j) and reduction index l. */
    @FunctionalInterface
    interface Term {
        CodeBlock at(Node node, Index i, Index l, Index j, Operands in);
    }

    /** How a reduction folds one more term into its accumulator. */
    @FunctionalInterface
    interface Combine {
        CodeBlock of(CodeBlock accumulator, CodeBlock term);
    }

    /**
     * result[i, j] = fold over l in [start, length) of term(i, l, j), from
     * {@code init}; a sum ({@code combine} null) starts at zero, which lets
     * the renderers reorder it into a balanced tree or four interleaved
     * chains.
     */
    record Reduction(ToIntFunction<Node> rows, ToIntFunction<Node> columns, ToIntFunction<Node> length, int start,
            Term init, Term term, Combine combine) implements Operator {

        static Reduction sum(ToIntFunction<Node> rows, ToIntFunction<Node> columns, ToIntFunction<Node> length,
                Term term) {
            return new Reduction(rows, columns, length, 0, null, term, null);
        }

        boolean additive() {
            return combine == null;
        }

        /** The accumulator's start: zero for a sum, else {@code init}. */
        CodeBlock initial(Node node, Index i, Index j, Operands in) {
            return additive() ? CodeBlock.of("0.0") : init.at(node, i, null, j, in);
        }
    }

    /**
     * Statements for one example that no element or reduction rule fits
     * (several passes, data-dependent indices). They read operands only
     * through {@code in} and write only through {@code target}, so the batch
     * renderer runs them once per example of a block.
     */
    @FunctionalInterface
    interface Body {
        void emit(Node node, Operands in, Target target, CodeBlock.Builder code);
    }

    /** An operator written as statements for one example. */
    record PerExample(Body body) implements Operator {
    }
}
