package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.Node;

/**
 * Where a kernel reads its operands: element k of a value, as an expression
 * of the code being written. Per example that is a local ({@code h_3}), a
 * work array element ({@code h[3]}), or a parameter, input or target element
 * ({@code param[W_OFFSET + 3]}); in {@code backwardBatch} it is the same
 * element of example {@code ex} ({@code in0[ex]}, {@code rows[12][ex]}).
 * The operator table ({@link Operators}) writes each operator against this
 * alone, so one definition serves every entry point.
 */
interface Operands {

    /** Element {@code k} of a node's value (element 0 of a scalar, whatever k is). */
    CodeBlock element(Node node, Index k);

    /** The softmax a log-sum-exp node's kernel also writes, in the same pass, or null. */
    default Node softmaxOf(Node lse) {
        return null;
    }

    /** A method's own values, read as its plan stores them. */
    static Operands of(MethodEmitter method) {
        return new Operands() {
            @Override
            public CodeBlock element(Node node, Index k) {
                return method.element(node, k);
            }

            @Override
            public Node softmaxOf(Node lse) {
                return method.softmaxOf(lse);
            }
        };
    }
}
