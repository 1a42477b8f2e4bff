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

/**
 * The statements that compute one node, either unrolled (constant indices,
 * straight-line code on locals) or as loops with constant bounds. Each kernel
 * mirrors its op's {@code evaluate}, which is what the tests compare it with.
 */
final class Kernels {

    /** The value of element (row, column) of a result, whose flat index is {@code flat}. */
    @FunctionalInterface
    private interface ElementValue {
        CodeBlock at(Index row, Index column, Index flat);
    }

    private final MethodEmitter method;
    private final Contractions contractions;

    Kernels(MethodEmitter method) {
        this.method = method;
        this.contractions = new Contractions(method);
    }

    void compute(Node node, Target target, boolean unrolled, CodeBlock.Builder code) {
        Node x = node.input(0);
        if (node.op() instanceof Map1 m) {
            flat(node, target, unrolled, code, k -> m.fn().toJava(method.element(x, k), m.parameter()));
        } else if (node.op() instanceof Map2 m) {
            flat(node, target, unrolled, code,
                    k -> m.kind().java(method.element(x, k), method.element(node.input(1), k)));
        } else if (node.op() instanceof Broadcast) {
            flat(node, target, unrolled, code, k -> method.element(x, Index.of(0)));
        } else if (node.op() instanceof Slice s) {
            flat(node, target, unrolled, code, k -> method.element(x, k.plus(s.offset())));
        } else if (node.op() instanceof Transpose) {
            int columns = x.shape().dimension(1);
            grid(node, target, unrolled, code, (i, j, k) -> method.element(x, Index.affine(j, columns, i)));
        } else if (node.op() instanceof Outer && !unrolled) {
            contractions.outer(node, target, code);
        } else if (node.op() instanceof Outer) {
            grid(node, target, unrolled, code,
                    (i, j, k) -> CodeBlock.of("$L * $L", method.element(x, i), method.element(node.input(1), j)));
        } else if (node.op() instanceof Pad p) {
            pad(node, p, target, unrolled, code);
        } else if (node.op() instanceof MatMul m) {
            matmul(node, m, target, unrolled, code);
        } else if (node.op() instanceof Sum) {
            sum(node, target, unrolled, code);
        } else if (node.op() instanceof Extreme e) {
            extreme(node, e.max(), target, code);
        } else if (node.op() instanceof ExtremeMask e) {
            mask(node, e.max(), target, code);
        } else if (node.op() instanceof LogSumExp) {
            logSumExp(node, target, code);
        } else {
            throw new IllegalStateException("no kernel for " + node);
        }
    }

    /** Rows [first, end) of an outer product written out into a gradient, one vectorised loop each. */
    void outerRows(Node node, Target.ParameterSlice target, int first, int end, CodeBlock.Builder code) {
        contractions.outerRows(node, target, first, end, code);
    }

    /** Delivers a stored value to the output or the gradient. */
    void copy(Node node, Target target, boolean unrolled, CodeBlock.Builder code) {
        flat(node, target, unrolled, code, k -> method.element(node, k));
    }

    /** Element-wise over the flat index: one loop, which C2 can vectorise. */
    private void flat(Node node, Target target, boolean unrolled, CodeBlock.Builder code,
            java.util.function.Function<Index, CodeBlock> value) {
        int size = node.size();
        if (unrolled) {
            for (int k = 0; k < size; k++) {
                code.addStatement(target.write(Index.of(k), value.apply(Index.of(k))));
            }
            return;
        }
        Target assignable = declareFirst(target, code);
        code.beginControlFlow("for (int i = 0; i < $L; i++)", size)
                .addStatement(assignable.write(Index.of("i"), value.apply(Index.of("i"))))
                .endControlFlow();
    }

    /** Element-wise over rows and columns, for results whose elements depend on both. */
    private void grid(Node node, Target target, boolean unrolled, CodeBlock.Builder code, ElementValue value) {
        int rows = node.shape().dimension(0);
        int columns = node.shape().dimension(1);
        if (unrolled) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    Index flat = Index.of(i * columns + j);
                    code.addStatement(target.write(flat, value.at(Index.of(i), Index.of(j), flat)));
                }
            }
            return;
        }
        Index i = Index.of("i");
        Index j = Index.of("j");
        code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement(target.write(Index.affine(i, columns, j), value.at(i, j, Index.affine(i, columns, j))))
                .endControlFlow()
                .endControlFlow();
    }

    private void pad(Node node, Pad pad, Target target, boolean unrolled, CodeBlock.Builder code) {
        int length = node.input(0).size();
        if (unrolled) {
            for (int k = 0; k < node.size(); k++) {
                boolean inside = k >= pad.offset() && k < pad.offset() + length;
                if (inside || !target.accumulates()) {
                    CodeBlock value = inside ? method.element(node.input(0), Index.of(k - pad.offset())) : CodeBlock.of("0.0");
                    code.addStatement(target.write(Index.of(k), value));
                }
            }
            return;
        }
        if (!target.accumulates()) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", node.size())
                    .addStatement(target.write(Index.of("i"), CodeBlock.of("0.0")))
                    .endControlFlow();
        }
        code.beginControlFlow("for (int i = 0; i < $L; i++)", length)
                .addStatement(target.write(Index.of("i").plus(pad.offset()), method.element(node.input(0), Index.of("i"))))
                .endControlFlow();
    }

    private void matmul(Node node, MatMul m, Target target, boolean unrolled, CodeBlock.Builder code) {
        int rows = m.rows(node);
        int inner = m.inner(node);
        int columns = m.columns(node);
        if (unrolled) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    List<CodeBlock> products = new ArrayList<>();
                    for (int l = 0; l < inner; l++) {
                        products.add(product(node, m, Index.of(i), Index.of(l), Index.of(j)));
                    }
                    code.addStatement(target.write(Index.of(i * columns + j), balancedSum(products)));
                }
            }
            return;
        }
        if (Contractions.handles(node)) {
            contractions.product(node, m, target, code);
            return;
        }
        Target assignable = declareFirst(target, code);
        Index i = rows == 1 ? Index.of(0) : Index.of("i");
        Index j = columns == 1 ? Index.of(0) : Index.of("j");
        if (rows > 1) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", rows);
        }
        if (columns > 1) {
            code.beginControlFlow("for (int j = 0; j < $L; j++)", columns);
        }
        code.add("{\n$>")
                .addStatement("double acc = 0.0")
                .beginControlFlow("for (int l = 0; l < $L; l++)", inner)
                .addStatement("acc += $L", product(node, m, i, Index.of("l"), j))
                .endControlFlow()
                .addStatement(assignable.write(Index.affine(i, columns, j), CodeBlock.of("acc")))
                .endControlFlow();
        if (columns > 1) {
            code.endControlFlow();
        }
        if (rows > 1) {
            code.endControlFlow();
        }
    }

    /** op(A)[i][l] * op(B)[l][j]. */
    private CodeBlock product(Node node, MatMul m, Index i, Index l, Index j) {
        Node a = node.input(0);
        Node b = node.input(1);
        Index left = a.shape().rank() == 1 ? l
                : m.transposeLeft() ? Index.affine(l, a.shape().dimension(1), i) : Index.affine(i, a.shape().dimension(1), l);
        Index right = b.shape().rank() == 1 ? l
                : m.transposeRight() ? Index.affine(j, b.shape().dimension(1), l) : Index.affine(l, b.shape().dimension(1), j);
        return CodeBlock.of("$L * $L", method.element(a, left), method.element(b, right));
    }

    private void sum(Node node, Target target, boolean unrolled, CodeBlock.Builder code) {
        Node x = node.input(0);
        if (unrolled) {
            List<CodeBlock> terms = new ArrayList<>();
            for (int k = 0; k < x.size(); k++) {
                terms.add(method.element(x, Index.of(k)));
            }
            code.addStatement(target.write(Index.of(0), balancedSum(terms)));
            return;
        }
        Target assignable = declareFirst(target, code);
        code.add("{\n$>")
                .addStatement("double acc = 0.0")
                .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                .addStatement("acc += $L", method.element(x, Index.of("i")))
                .endControlFlow()
                .addStatement(assignable.write(Index.of(0), CodeBlock.of("acc")))
                .endControlFlow();
    }

    /** Sums as a balanced tree: short dependency chains, and no expression deeper than log2(n). */
    private static CodeBlock balancedSum(List<CodeBlock> terms) {
        if (terms.size() == 1) {
            return terms.get(0);
        }
        int half = terms.size() / 2;
        return CodeBlock.of("($L + $L)", balancedSum(terms.subList(0, half)), balancedSum(terms.subList(half, terms.size())));
    }

    /** The index of the first extreme element, in a local {@code best}; strict comparison keeps the first of ties. */
    private void findExtreme(Node x, boolean max, CodeBlock.Builder code) {
        code.addStatement("int best = 0")
                .beginControlFlow("for (int i = 1; i < $L; i++)", x.size())
                .beginControlFlow("if ($L $L $L)", method.element(x, Index.of("i")), max ? ">" : "<",
                        method.element(x, Index.of("best")))
                .addStatement("best = i")
                .endControlFlow()
                .endControlFlow();
    }

    private void extreme(Node node, boolean max, Target target, CodeBlock.Builder code) {
        Target assignable = declareFirst(target, code);
        code.add("{\n$>");
        findExtreme(node.input(0), max, code);
        code.addStatement(assignable.write(Index.of(0), method.element(node.input(0), Index.of("best"))))
                .endControlFlow();
    }

    private void mask(Node node, boolean max, Target target, CodeBlock.Builder code) {
        // The mask of a scalar (max(s) of a scalar s) is a local, which must outlive the block.
        Target assignable = declareFirst(target, code);
        code.add("{\n$>");
        findExtreme(node.input(0), max, code);
        if (!assignable.accumulates()) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", node.size())
                    .addStatement(assignable.write(Index.of("i"), CodeBlock.of("0.0")))
                    .endControlFlow();
        }
        code.addStatement(assignable.write(Index.of("best"), CodeBlock.of("1.0"))).endControlFlow();
    }

    /**
     * max + log(sum(exp(x - max))): no term overflows. Mirrors LogSumExp.evaluate.
     * Where the method also needs softmax(x) = exp(x - lse), the terms are
     * kept and divided by their sum instead of being exponentiated again.
     */
    private void logSumExp(Node node, Target target, CodeBlock.Builder code) {
        Node x = node.input(0);
        Node softmax = method.softmaxOf(node);
        Index i = Index.of("i");
        Target assignable = declareFirst(target, code);
        code.add("{\n$>")
                .addStatement("double max = $T.NEGATIVE_INFINITY", Double.class)
                .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                .addStatement("max = $T.max(max, $L)", Math.class, method.element(x, i))
                .endControlFlow();
        if (softmax == null) {
            code.addStatement("double sum = 0.0")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("sum += $T.exp($L - max)", Math.class, method.element(x, i))
                    .endControlFlow()
                    .addStatement(assignable.write(Index.of(0),
                            CodeBlock.of("$T.isInfinite(max) ? max : max + $T.log(sum)", Double.class, Math.class)));
        } else {
            // An infinite max makes lse = max, and exp(x - lse) what it is, NaN included.
            CodeBlock term = method.element(softmax, i);
            code.beginControlFlow("if ($T.isInfinite(max))", Double.class)
                    .addStatement(assignable.write(Index.of(0), CodeBlock.of("max")))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("$L = $T.exp($L - max)", term, Math.class, method.element(x, i))
                    .endControlFlow()
                    .nextControlFlow("else")
                    .addStatement("double sum = 0.0")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("double e = $T.exp($L - max)", Math.class, method.element(x, i))
                    .addStatement("$L = e", term)
                    .addStatement("sum += e")
                    .endControlFlow()
                    .addStatement(assignable.write(Index.of(0), CodeBlock.of("max + $T.log(sum)", Math.class)))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("$L /= sum", term)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.unindent().add("}\n");
    }

    /** A scalar local written inside a loop or block is declared before it, so it outlives the block. */
    private static Target declareFirst(Target target, CodeBlock.Builder code) {
        if (target instanceof Target.Locals locals && locals.declare()) {
            code.addStatement("double $N", locals.name());
            return new Target.Locals(locals.name(), locals.elementwise(), false);
        }
        return target;
    }
}
