package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.Broadcast;
import dev.dslc.compiler.ir.Extreme;
import dev.dslc.compiler.ir.ExtremeMask;
import dev.dslc.compiler.ir.LogSumExp;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Outer;
import dev.dslc.compiler.ir.Pad;
import dev.dslc.compiler.ir.Slice;
import dev.dslc.compiler.ir.Sum;
import dev.dslc.compiler.ir.Transpose;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The statements that compute one node for every example of a block. Each
 * element of a per-example value is a row of examples ({@code h[k][ex]}),
 * so every kernel ends in a loop over the examples that reads and writes
 * whole rows at the same index, the loop shape C2 vectorises. Each kernel
 * mirrors its op's {@code evaluate}, example by example.
 */
final class BatchKernels {

    /** Where an operand element comes from: a node and a flat index into it. */
    private record Source(Node node, Index index) {
    }

    /** The value of a result element from its operands, each as read for example {@code ex}. */
    @FunctionalInterface
    private interface Value {
        CodeBlock of(List<CodeBlock> operands);
    }

    private final BatchEmitter batch;
    /** The bound of the example loop of the kernel being written: {@code examples}, or 1 for a shared value. */
    private String examples = "examples";

    BatchKernels(BatchEmitter batch) {
        this.batch = batch;
    }

    void compute(Node node, CodeBlock.Builder code) {
        examples = batch.examplesOf(node);
        Node x = node.input(0);
        if (node.op() instanceof Map1 m) {
            flat(node, k -> List.of(new Source(x, k)), v -> m.fn().toJava(v.get(0), m.parameter()), code);
        } else if (node.op() instanceof Map2 m) {
            flat(node, k -> List.of(new Source(x, k), new Source(node.input(1), k)),
                    v -> m.kind().java(v.get(0), v.get(1)), code);
        } else if (node.op() instanceof Broadcast) {
            flat(node, k -> List.of(new Source(x, Index.of(0))), v -> v.get(0), code);
        } else if (node.op() instanceof Slice s) {
            flat(node, k -> List.of(new Source(x, k.plus(s.offset()))), v -> v.get(0), code);
        } else if (node.op() instanceof Transpose) {
            int columns = x.shape().dimension(1);
            grid(node, (i, j) -> List.of(new Source(x, Index.affine(j, columns, i))), v -> v.get(0), code);
        } else if (node.op() instanceof Outer) {
            grid(node, (i, j) -> List.of(new Source(x, i), new Source(node.input(1), j)),
                    v -> CodeBlock.of("$L * $L", v.get(0), v.get(1)), code);
        } else if (node.op() instanceof Pad p) {
            pad(node, p, code);
        } else if (node.op() instanceof MatMul m) {
            matmul(node, m, code);
        } else if (node.op() instanceof Sum) {
            sum(node, code);
        } else if (node.op() instanceof Extreme e) {
            extreme(node, e.max(), code);
        } else if (node.op() instanceof ExtremeMask e) {
            mask(node, e.max(), code);
        } else if (node.op() instanceof LogSumExp) {
            logSumExp(node, code);
        } else {
            throw new IllegalStateException("no batch kernel for " + node);
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

    /** Element-wise over the flat index. */
    private void flat(Node node, Function<Index, List<Source>> sources, Value value, CodeBlock.Builder code) {
        overElements("k", node.size(), code, k -> element(node, k, sources.apply(k), value, code));
    }

    /** Element-wise over rows and columns. */
    private void grid(Node node, java.util.function.BiFunction<Index, Index, List<Source>> sources, Value value,
            CodeBlock.Builder code) {
        int columns = node.shape().dimension(1);
        overElements("i", node.shape().dimension(0), code, i -> overElements("j", columns, code,
                j -> element(node, Index.affine(i, columns, j), sources.apply(i, j), value, code)));
    }

    /** One result row: out[ex] = value(operands at ex). */
    private void element(Node node, Index k, List<Source> sources, Value value, CodeBlock.Builder code) {
        code.addStatement("double[] out = $L", batch.row(node, k));
        List<CodeBlock> operands = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            operands.add(operand(sources.get(s).node(), sources.get(s).index(), "in" + s, code));
        }
        overExamples(code, CodeBlock.of("out[ex] = $L", value.of(operands)));
    }

    /**
     * Declares one operand element before an example loop and returns how the
     * loop reads it: a row of a per-example value ({@code in0[ex]}), or a
     * parameter or constant, the same for every example ({@code in0}).
     */
    CodeBlock operand(Node x, Index k, String name, CodeBlock.Builder code) {
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
        if (x.isConstant() && (index.isConstant() || x.isConstant(((dev.dslc.compiler.ir.Op.Constant) x.op()).values().get(0)))) {
            return value; // a literal
        }
        code.addStatement("double $N = $L", name, value);
        return CodeBlock.of("$N", name);
    }

    private void pad(Node node, Pad pad, CodeBlock.Builder code) {
        overElements("k", node.size(), code, k -> {
            code.addStatement("double[] zeros = $L", batch.row(node, k));
            overExamples(code, CodeBlock.of("zeros[ex] = 0.0"));
        });
        overElements("k", node.input(0).size(), code, k -> element(node, k.plus(pad.offset()),
                List.of(new Source(node.input(0), k)), v -> v.get(0), code));
    }

    /**
     * op(A) @ op(B), one result element at a time: its row starts at zero
     * and each step adds four products for every example, so the example
     * loop, not a sum, is innermost. A parameter operand is a scalar there.
     */
    private void matmul(Node node, MatMul m, CodeBlock.Builder code) {
        int rows = m.rows(node);
        int inner = m.inner(node);
        int columns = m.columns(node);
        Node a = node.input(0);
        Node b = node.input(1);
        overElements("i", rows, code, i -> overElements("j", columns, code, j -> {
            code.addStatement("double[] out = $L", batch.row(node, Index.affine(i, columns, j)));
            overExamples(code, CodeBlock.of("out[ex] = 0.0"));
            int grouped = inner - inner % Contractions.INTERLEAVE;
            if (grouped > 0) {
                boolean once = grouped == Contractions.INTERLEAVE;
                Index l = once ? Index.of(0) : Index.of("l");
                if (once) {
                    code.add("{\n$>");
                } else {
                    code.beginControlFlow("for (int l = 0; l < $L; l += $L)", grouped, Contractions.INTERLEAVE);
                }
                List<CodeBlock> products = new ArrayList<>();
                for (int r = 0; r < Contractions.INTERLEAVE; r++) {
                    products.add(product(node, m, a, b, i, l.plus(r), j, r, code));
                }
                overExamples(code, CodeBlock.of("out[ex] += $L", CodeBlock.join(products, " + ")));
                code.endControlFlow();
            }
            for (int l = grouped; l < inner; l++) {
                code.add("{\n$>");
                CodeBlock product = product(node, m, a, b, i, Index.of(l), j, 0, code);
                overExamples(code, CodeBlock.of("out[ex] += $L", product));
                code.endControlFlow();
            }
        }));
    }

    /** Declares the r-th pair of factors op(A)[i][l] and op(B)[l][j] and returns their product at ex. */
    private CodeBlock product(Node node, MatMul m, Node a, Node b, Index i, Index l, Index j, int r,
            CodeBlock.Builder code) {
        Index left = a.shape().rank() == 1 ? l
                : m.transposeLeft() ? Index.affine(l, a.shape().dimension(1), i) : Index.affine(i, a.shape().dimension(1), l);
        Index right = b.shape().rank() == 1 ? l
                : m.transposeRight() ? Index.affine(j, b.shape().dimension(1), l) : Index.affine(l, b.shape().dimension(1), j);
        return CodeBlock.of("$L * $L", operand(a, left, "a" + r, code), operand(b, right, "b" + r, code));
    }

    private void sum(Node node, CodeBlock.Builder code) {
        code.addStatement("double[] out = $L", batch.row(node, Index.of(0)));
        overExamples(code, CodeBlock.of("out[ex] = 0.0"));
        overElements("k", node.input(0).size(), code,
                k -> overExamples(code, CodeBlock.of("out[ex] += $L", operand(node.input(0), k, "in0", code))));
    }

    /** max + log(sum(exp(x - max))) per example, as LogSumExp.evaluate computes it. */
    private void logSumExp(Node node, CodeBlock.Builder code) {
        Node x = node.input(0);
        String sums = batch.laneScratch();
        code.addStatement("double[] out = $L", batch.row(node, Index.of(0)))
                .addStatement("double[] sum = $N", sums);
        overExamples(code, CodeBlock.of("out[ex] = $T.NEGATIVE_INFINITY", Double.class));
        overElements("k", x.size(), code, k -> overExamples(code,
                CodeBlock.of("out[ex] = $T.max(out[ex], $L)", Math.class, operand(x, k, "in0", code))));
        overExamples(code, CodeBlock.of("sum[ex] = 0.0"));
        overElements("k", x.size(), code, k -> overExamples(code,
                CodeBlock.of("sum[ex] += $T.exp($L - out[ex])", Math.class, operand(x, k, "in1", code))));
        overExamples(code, CodeBlock.of("out[ex] = $T.isInfinite(out[ex]) ? out[ex] : out[ex] + $T.log(sum[ex])",
                Double.class, Math.class));
    }

    /** Per example, the index of the first extreme element, in a local {@code best}; as ExtremeMask.firstExtreme. */
    private void findExtreme(Node x, boolean max, CodeBlock.Builder code) {
        code.addStatement("int best = 0")
                .beginControlFlow("for (int k = 1; k < $L; k++)", x.size())
                .beginControlFlow("if ($L $L $L)", batch.atExample(x, Index.of("k")), max ? ">" : "<",
                        batch.atExample(x, Index.of("best")))
                .addStatement("best = k")
                .endControlFlow()
                .endControlFlow();
    }

    private void extreme(Node node, boolean max, CodeBlock.Builder code) {
        code.addStatement("double[] out = $L", batch.row(node, Index.of(0)))
                .beginControlFlow("for (int ex = 0; ex < $L; ex++)", examples);
        findExtreme(node.input(0), max, code);
        code.addStatement("out[ex] = $L", batch.atExample(node.input(0), Index.of("best"))).endControlFlow();
    }

    private void mask(Node node, boolean max, CodeBlock.Builder code) {
        overElements("k", node.size(), code, k -> {
            code.addStatement("double[] out = $L", batch.row(node, k));
            overExamples(code, CodeBlock.of("out[ex] = 0.0"));
        });
        code.beginControlFlow("for (int ex = 0; ex < $L; ex++)", examples);
        findExtreme(node.input(0), max, code);
        code.addStatement("$L[ex] = 1.0", batch.row(node, Index.of("best"))).endControlFlow();
    }
}
