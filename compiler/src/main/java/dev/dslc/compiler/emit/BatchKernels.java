package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one node's operator ({@link Operators}) for every example of a
 * block. Each element of a per-example value is a row of examples
 * ({@code h[k][ex]}), so element-wise operators and reductions end in a loop
 * over the examples that reads and writes whole rows at the same index, the
 * loop shape C2 vectorises; operators written as statements for one example
 * run once per example.
 */
final class BatchKernels {
    private final BatchEmitter batch;
    /** The bound of the example loop of the kernel being written: {@code examples}, or 1 for a shared value. */
    private String examples = "examples";

    BatchKernels(BatchEmitter batch) {
        this.batch = batch;
    }

    void compute(Node node, CodeBlock.Builder code) {
        examples = batch.examplesOf(node);
        Operator operator = Operators.of(node.op());
        if (operator instanceof Operator.ElementWise e) {
            elementWise(node, e, code);
        } else if (operator instanceof Operator.Reduction r) {
            reduction(node, r, code);
        } else {
            code.beginControlFlow("for (int ex = 0; ex < $L; ex++)", examples);
            ((Operator.PerExample) operator).body().emit(node, batch::atExample, batch.rowsOf(node), code);
            code.endControlFlow();
        }
    }

    /** {@code for (int k = 0; k < size; k++)} around {@code body}, or just the body for one element. */
    private static void overElements(String variable, int size, CodeBlock.Builder code,
            java.util.function.Consumer<Index> body) {
        if (size == 1) {
            body.accept(Index.of(0));
            return;
        }
        code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", variable, variable, size, variable);
        body.accept(Index.of(variable));
        code.endControlFlow();
    }

    /** The loop over the examples of the block. */
    private void overExamples(CodeBlock.Builder code, CodeBlock statement) {
        code.beginControlFlow("for (int ex = 0; ex < $L; ex++)", examples)
                .addStatement(statement)
                .endControlFlow();
    }

    private void elementWise(Node node, Operator.ElementWise e, CodeBlock.Builder code) {
        Operator.Range support = e.support().apply(node);
        if (support.end() - support.first() < node.size()) {
            overElements("k", node.size(), code, k -> {
                code.addStatement("double[] out = $L", batch.row(node, k));
                overExamples(code, CodeBlock.of("out[ex] = 0.0"));
            });
        }
        if (e.grid()) {
            int columns = node.shape().dimension(1);
            overElements("i", node.shape().dimension(0), code, i -> overElements("j", columns, code, j -> {
                Index flat = Index.affine(i, columns, j);
                element(node, flat, in -> e.value().at(node, new Operator.Element(i, j, flat), in), code);
            }));
            return;
        }
        overElements("k", support.end() - support.first(), code, k -> {
            Index flat = k.plus(support.first());
            element(node, flat, in -> e.value().at(node, new Operator.Element(null, null, flat), in), code);
        });
    }

    /** One result row: out[ex] = value(operands at ex), its operand rows declared before the loop. */
    private void element(Node node, Index k, java.util.function.Function<Operands, CodeBlock> value,
            CodeBlock.Builder code) {
        code.addStatement("double[] out = $L", batch.row(node, k));
        overExamples(code, CodeBlock.of("out[ex] = $L", value.apply(hoisting(node, code))));
    }

    /**
     * Reads operands for one example loop: each element read is declared
     * before the loop and read inside it, a row of a per-example value as
     * {@code a0[ex]}, a parameter or constant, the same for every example,
     * as {@code a0}. Elements of the first operand are a0, a1, ..., of the
     * second b0, b1, ...
     */
    private Operands hoisting(Node node, CodeBlock.Builder code) {
        int[] counts = new int[node.inputs().size() + 1];
        return (x, k) -> {
            int input = node.inputs().indexOf(x);
            int letter = input < 0 ? counts.length - 1 : input;
            return operand(x, k, (char) ('a' + letter) + String.valueOf(counts[letter]++), code);
        };
    }

    private CodeBlock operand(Node x, Index k, String name, CodeBlock.Builder code) {
        Index index = x.shape().isScalar() ? Index.of(0) : k;
        if (batch.perExample(x)) {
            code.addStatement("double[] $N = $L", name, batch.row(x, index));
            return CodeBlock.of("$N[ex]", name);
        }
        if (!x.inputs().isEmpty()) {
            code.addStatement("double $N = $L", name, batch.atExample(x, index));
            return CodeBlock.of("$N", name);
        }
        CodeBlock value = batch.leaf(x, index);
        if (x.isConstant() && (index.isConstant() || x.isConstant(((Op.Constant) x.op()).values().get(0)))) {
            return value; // a literal
        }
        code.addStatement("double $N = $L", name, value);
        return CodeBlock.of("$N", name);
    }

    /**
     * One result element at a time, its row the accumulator: a sum adds four
     * terms for every example per step, so the example loop, not a sum, is
     * innermost; a fold takes one term per step.
     */
    private void reduction(Node node, Operator.Reduction r, CodeBlock.Builder code) {
        int columns = r.columns().applyAsInt(node);
        int length = r.length().applyAsInt(node);
        overElements("i", r.rows().applyAsInt(node), code, i -> overElements("j", columns, code, j -> {
            code.addStatement("double[] out = $L", batch.row(node, Index.affine(i, columns, j)));
            if (r.additive()) {
                overExamples(code, CodeBlock.of("out[ex] = 0.0"));
                sumTerms(node, r, i, j, length, code);
                return;
            }
            code.add("{\n$>");
            overExamples(code, CodeBlock.of("out[ex] = $L", r.initial(node, i, j, hoisting(node, code))));
            code.endControlFlow();
            if (length > r.start()) {
                code.beginControlFlow("for (int l = $L; l < $L; l++)", r.start(), length);
                CodeBlock term = r.term().at(node, i, Index.of("l"), j, hoisting(node, code));
                overExamples(code, CodeBlock.of("out[ex] = $L", r.combine().of(CodeBlock.of("out[ex]"), term)));
                code.endControlFlow();
            }
        }));
    }

    /** out[ex] += term(l) + term(l + 1) + term(l + 2) + term(l + 3), then the last few terms one at a time. */
    private void sumTerms(Node node, Operator.Reduction r, Index i, Index j, int length, CodeBlock.Builder code) {
        int grouped = length - length % Contractions.INTERLEAVE;
        if (grouped > 0) {
            boolean once = grouped == Contractions.INTERLEAVE;
            Index l = once ? Index.of(0) : Index.of("l");
            if (once) {
                code.add("{\n$>");
            } else {
                code.beginControlFlow("for (int l = 0; l < $L; l += $L)", grouped, Contractions.INTERLEAVE);
            }
            Operands in = hoisting(node, code);
            List<CodeBlock> terms = new ArrayList<>();
            for (int s = 0; s < Contractions.INTERLEAVE; s++) {
                terms.add(r.term().at(node, i, l.plus(s), j, in));
            }
            overExamples(code, CodeBlock.of("out[ex] += $L", CodeBlock.join(terms, " + ")));
            code.endControlFlow();
        }
        for (int l = grouped; l < length; l++) {
            code.add("{\n$>");
            overExamples(code, CodeBlock.of("out[ex] += $L", r.term().at(node, i, Index.of(l), j, hoisting(node, code))));
            code.endControlFlow();
        }
    }
}
