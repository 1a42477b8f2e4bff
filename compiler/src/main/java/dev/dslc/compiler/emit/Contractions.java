package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loop kernels for the products of a dense layer, in the shapes C2 runs
 * fast (docs/performance.md has the measurements):
 * <ul>
 * <li>{@code W @ x}, a dot product per row of W: four rows side by side,
 *     so that four independent addition chains run at once and each
 *     {@code x[l]} is loaded once for four rows. C2 keeps floating-point
 *     sums in order, so it never does this itself.
 * <li>{@code W^T @ dz} and {@code x @ W}, whose sums run down the columns of
 *     W: row by row, {@code z[i] += W[l, i] * s}, four rows per pass over z,
 *     with no reduction at all, instead of one strided dot product per
 *     column.
 * <li>{@code dz x^T} into a gradient: row by row, {@code g[i, j] += d * x[j]},
 *     each row written out with a constant offset when that lets C2
 *     vectorise it.
 * </ul>
 */
final class Contractions {
    /** Rows (or chains) handled side by side. */
    static final int INTERLEAVE = 4;
    /**
     * C2 vectorises {@code g[c + j] += d * x[j]} only when the constant c is
     * a multiple of the vector length (8 doubles with AVX-512, 4 with AVX2)
     * and never when c is a loop variable: outer-product rows whose offsets
     * are multiples of this are written out one by one.
     */
    static final int VECTOR_DOUBLES = 8;
    /** Beyond this many rows, written-out outer-product rows cost more code than they save. */
    static final int MAX_WRITTEN_OUT_ROWS = 128;
    /** Shorter dot products are not worth four chains of their own. */
    private static final int MIN_SPLIT_LENGTH = 16;

    /** An element of the matrix operand, by (row, column) in the product's own orientation. */
    @FunctionalInterface
    private interface MatrixElement {
        CodeBlock at(Index row, Index column);
    }

    private final MethodEmitter method;

    Contractions(MethodEmitter method) {
        this.method = method;
    }

    /** True for a matrix-vector or vector-matrix product: the cases this class writes. */
    static boolean handles(Node node) {
        return node.shape().rank() == 1
                && (node.input(0).shape().rank() == 2) != (node.input(1).shape().rank() == 2);
    }

    /**
     * Emits {@code node = op(A) @ b} or {@code a @ op(B)}. The matrix is
     * row-major; a product whose sums run along its rows is a dot product
     * per output element, otherwise an accumulation of whole rows.
     */
    void product(Node node, MatMul m, Target target, CodeBlock.Builder code) {
        boolean matrixLeft = node.input(0).shape().rank() == 2;
        Node matrix = node.input(matrixLeft ? 0 : 1);
        Node vector = node.input(matrixLeft ? 1 : 0);
        int stride = matrix.shape().dimension(1);
        // Reading along a row means the contraction index is the column of the stored matrix.
        boolean alongRows = matrixLeft ? !m.transposeLeft() : m.transposeRight();
        int outputs = node.size();
        int length = m.inner(node);
        MatrixElement stored = (row, column) -> method.element(matrix, Index.affine(row, stride, column));
        if (alongRows) {
            dotProducts(outputs, length, stored, l -> method.element(vector, l), target, code);
        } else {
            rowSums(outputs, length, stored, l -> method.element(vector, l), target, code);
        }
    }

    /** z[i] = sum over l of M[i, l] * v[l], four rows at a time. */
    private void dotProducts(int outputs, int length, MatrixElement matrix,
            java.util.function.Function<Index, CodeBlock> vector, Target target, CodeBlock.Builder code) {
        int grouped = outputs - outputs % INTERLEAVE;
        if (grouped > 0) {
            Index i = Index.of("i");
            Index l = Index.of("l");
            code.beginControlFlow("for (int i = 0; i < $L; i += $L)", grouped, INTERLEAVE);
            for (int r = 0; r < INTERLEAVE; r++) {
                code.addStatement("double acc$L = 0.0", r);
            }
            code.beginControlFlow("for (int l = 0; l < $L; l++)", length)
                    .addStatement("double xl = $L", vector.apply(l));
            for (int r = 0; r < INTERLEAVE; r++) {
                code.addStatement("acc$L += $L * xl", r, matrix.at(i.plus(r), l));
            }
            code.endControlFlow();
            for (int r = 0; r < INTERLEAVE; r++) {
                code.addStatement(target.write(i.plus(r), CodeBlock.of("acc$L", r)));
            }
            code.endControlFlow();
        }
        for (int row = grouped; row < outputs; row++) {
            oneDotProduct(Index.of(row), length, matrix, vector, target, code);
        }
    }

    /** A single dot product, split into four chains over interleaved columns when it is long. */
    private void oneDotProduct(Index row, int length, MatrixElement matrix,
            java.util.function.Function<Index, CodeBlock> vector, Target target, CodeBlock.Builder code) {
        code.add("{\n$>");
        if (length < MIN_SPLIT_LENGTH) {
            code.addStatement("double acc = 0.0")
                    .beginControlFlow("for (int l = 0; l < $L; l++)", length)
                    .addStatement("acc += $L * $L", matrix.at(row, Index.of("l")), vector.apply(Index.of("l")))
                    .endControlFlow();
        } else {
            int grouped = length - length % INTERLEAVE;
            for (int c = 0; c < INTERLEAVE; c++) {
                code.addStatement("double acc$L = 0.0", c);
            }
            code.beginControlFlow("for (int l = 0; l < $L; l += $L)", grouped, INTERLEAVE);
            for (int c = 0; c < INTERLEAVE; c++) {
                Index l = Index.of("l").plus(c);
                code.addStatement("acc$L += $L * $L", c, matrix.at(row, l), vector.apply(l));
            }
            code.endControlFlow();
            List<CodeBlock> tail = new ArrayList<>();
            for (int l = grouped; l < length; l++) {
                tail.add(CodeBlock.of("$L * $L", matrix.at(row, Index.of(l)), vector.apply(Index.of(l))));
            }
            code.addStatement("double acc = $L$L", "(acc0 + acc1) + (acc2 + acc3)",
                    tail.isEmpty() ? "" : CodeBlock.of(" + $L", CodeBlock.join(tail, " + ")));
        }
        code.addStatement(target.write(row, CodeBlock.of("acc"))).endControlFlow();
    }

    /** z[i] = sum over l of M[l, i] * v[l]: whole rows of M scaled and added, four rows per pass. */
    private void rowSums(int outputs, int length, MatrixElement matrix,
            java.util.function.Function<Index, CodeBlock> vector, Target target, CodeBlock.Builder code) {
        Index i = Index.of("i");
        if (!target.accumulates()) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs)
                    .addStatement(target.write(i, CodeBlock.of("0.0")))
                    .endControlFlow();
        }
        int grouped = length - length % INTERLEAVE;
        if (grouped > 0) {
            Index l = Index.of("l");
            code.beginControlFlow("for (int l = 0; l < $L; l += $L)", grouped, INTERLEAVE);
            List<CodeBlock> terms = new ArrayList<>();
            for (int r = 0; r < INTERLEAVE; r++) {
                code.addStatement("double s$L = $L", r, vector.apply(l.plus(r)));
                terms.add(CodeBlock.of("$L * s$L", matrix.at(l.plus(r), i), r));
            }
            code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs)
                    .addStatement(target.add(i, CodeBlock.join(terms, " + ")))
                    .endControlFlow()
                    .endControlFlow();
        }
        for (int row = grouped; row < length; row++) {
            Index l = Index.of(row);
            code.add("{\n$>")
                    .addStatement("double s0 = $L", vector.apply(l))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", outputs)
                    .addStatement(target.add(i, CodeBlock.of("$L * s0", matrix.at(l, i))))
                    .endControlFlow()
                    .endControlFlow();
        }
    }

    /**
     * C[i, j] = a[i] * b[j], row by row with a[i] read once per row. Into a
     * gradient, each row is copied into a buffer, added to there and copied
     * back, which C2 vectorises; {@code g[OFF + i * n + j] += ...} it would not.
     */
    void outer(Node node, Target target, CodeBlock.Builder code) {
        Node a = node.input(0);
        Node b = node.input(1);
        int rows = a.size();
        int columns = b.size();
        Index j = Index.of("j");
        Index i = Index.of("i");
        if (target instanceof Target.ParameterSlice slice && method.arrayOffset(b).orElse(-1) == 0) {
            // g[OFF + i * n + j] += s0 * b[j] is not vectorised (the row offset is a variable): copy the
            // row out, add to it at b's own indices, which is, and copy it back.
            String buffer = method.rowBuffer(columns);
            String row = Index.affine(i, columns, Index.of(0)).render(slice.offsetConstant());
            code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                    .addStatement("double s0 = $L", slice.rowScale(method.element(a, i)))
                    .addStatement("$T.arraycopy($N, $L, $N, 0, $L)", System.class, slice.array(), row, buffer, columns)
                    .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                    .addStatement("$N[j] $L s0 * $L", buffer, slice.descends() ? "-=" : "+=", method.element(b, j))
                    .endControlFlow()
                    .addStatement("$T.arraycopy($N, 0, $N, $L, $L)", System.class, buffer, slice.array(), row, columns)
                    .endControlFlow();
            return;
        }
        code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                .addStatement("double s0 = $L", method.element(a, i))
                .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement(target.write(Index.affine(i, columns, j), CodeBlock.of("s0 * $L", method.element(b, j))))
                .endControlFlow()
                .endControlFlow();
    }

    /** Rows [first, end) of C = a b^T into a parameter slice, each written out with its constant offset. */
    void outerRows(Node node, Target.ParameterSlice target, int first, int end, CodeBlock.Builder code) {
        Node a = node.input(0);
        Node b = node.input(1);
        int columns = b.size();
        Index j = Index.of("j");
        for (int row = first; row < end; row++) {
            code.add("{\n$>")
                    .addStatement("double s0 = $L", target.rowScale(method.element(a, Index.of(row))))
                    .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                    .addStatement(target.addScaled(j.plus(row * columns), CodeBlock.of("s0 * $L", method.element(b, j))))
                    .endControlFlow()
                    .endControlFlow();
        }
    }

    /**
     * Whether an outer product into a gradient is written out row by row
     * ({@link #outerRows}): every row lined up with b on a vector boundary,
     * and not so many rows that their code outgrows the gain.
     */
    static boolean writesRowsOut(int rows, int columns, Target target, OptionalInt columnOffset) {
        OptionalInt rowOffset = target.arrayOffset();
        return target.accumulates() && rows <= MAX_WRITTEN_OUT_ROWS && columns >= VECTOR_DOUBLES
                && columns % VECTOR_DOUBLES == 0 && rowOffset.isPresent() && columnOffset.isPresent()
                && (rowOffset.getAsInt() - columnOffset.getAsInt()) % VECTOR_DOUBLES == 0;
    }
}
