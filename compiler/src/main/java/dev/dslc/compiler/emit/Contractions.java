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
    /**
     * Written-out outer-product rows updated in one loop over the columns:
     * each column of the vector is loaded once for eight rows, and a fresh
     * JVM compiles one loop where it compiled eight, each with an on-stack
     * replacement of its own (docs/performance.md, "Cold start").
     */
    static final int ROWS_PER_LOOP = 8;
    /** Beyond this many rows, written-out outer-product rows cost more code than they save. */
    static final int MAX_WRITTEN_OUT_ROWS = 128;
    /**
     * Rows at least this long make a loop kernel of several row groups a
     * method called once per group ({@link MethodEmitter#callPerGroup}): a
     * call of all groups runs their loops for thousands of iterations, which
     * HotSpot compiles on stack long before it compiles the method.
     */
    static final int MIN_CALLED_LENGTH = 256;
    /** Shorter dot products are not worth four chains of their own. */
    private static final int MIN_SPLIT_LENGTH = 16;
    /** Shorter dot products are not worth vectors: two of AVX-512's eight doubles. */
    private static final int MIN_VECTOR_LENGTH = 16;

    /** An element of the matrix operand, by (row, column) in the product's own orientation. */
    @FunctionalInterface
    private interface MatrixElement {
        CodeBlock at(Index row, Index column);
    }

    /** The same, as an array element, for the Vector API's loads. */
    @FunctionalInterface
    private interface StoredElement {
        ArrayElement at(Index row, Index column);
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
        String species = method.vectorSpecies();
        if (alongRows && species != null && length >= MIN_VECTOR_LENGTH
                && method.arrayElement(matrix, Index.of(0)) != null && method.arrayElement(vector, Index.of(0)) != null) {
            StoredElement inArray = (row, column) -> method.arrayElement(matrix, Index.affine(row, stride, column));
            vectorDotProducts(species, outputs, length, inArray, l -> method.arrayElement(vector, l), target, code);
        } else if (alongRows) {
            dotProducts(outputs, length, stored, l -> method.element(vector, l), target, code);
        } else {
            rowSums(outputs, length, stored, l -> method.element(vector, l), target, code);
        }
    }

    /**
     * z[i] = sum over l of M[i, l] * v[l], four rows at a time; long rows in
     * a method called once per four rows ({@link MethodEmitter#callPerGroup}).
     */
    private void dotProducts(int outputs, int length, MatrixElement matrix,
            java.util.function.Function<Index, CodeBlock> vector, Target target, CodeBlock.Builder code) {
        int grouped = outputs - outputs % INTERLEAVE;
        if (grouped > 0) {
            Index i = Index.of("i");
            Index l = Index.of("l");
            java.util.function.Consumer<CodeBlock.Builder> group = body -> {
                for (int r = 0; r < INTERLEAVE; r++) {
                    body.addStatement("double acc$L = 0.0", r);
                }
                body.beginControlFlow("for (int l = 0; l < $L; l++)", length)
                        .addStatement("double xl = $L", vector.apply(l));
                for (int r = 0; r < INTERLEAVE; r++) {
                    body.addStatement("acc$L += $L * xl", r, matrix.at(i.plus(r), l));
                }
                body.endControlFlow();
                for (int r = 0; r < INTERLEAVE; r++) {
                    body.addStatement(target.write(i.plus(r), CodeBlock.of("acc$L", r)));
                }
            };
            CodeBlock calls = grouped > INTERLEAVE && length >= MIN_CALLED_LENGTH && target instanceof Target.Work
                    ? method.callPerGroup("i", grouped / INTERLEAVE, INTERLEAVE, group) : null;
            if (calls != null) {
                code.add(calls);
            } else {
                code.beginControlFlow("for (int i = 0; i < $L; i += $L)", grouped, INTERLEAVE);
                group.accept(code);
                code.endControlFlow();
            }
        }
        for (int row = grouped; row < outputs; row++) {
            oneDotProduct(Index.of(row), length, matrix, vector, target, code);
        }
    }

    /**
     * z[i] = sum over l of M[i, l] * v[l] with the Vector API: four rows side
     * by side as in {@link #dotProducts}, each summed in a vector of partial
     * sums (fused multiply-adds) that is reduced once at the end, then the
     * columns past the last whole vector one by one. The order of the
     * additions is not the plain loops', so the sums differ from them in the
     * last bits.
     */
    private void vectorDotProducts(String species, int outputs, int length, StoredElement matrix,
            java.util.function.Function<Index, ArrayElement> vector, Target target, CodeBlock.Builder code) {
        int grouped = outputs - outputs % INTERLEAVE;
        if (grouped > 0) {
            code.beginControlFlow("for (int i = 0; i < $L; i += $L)", grouped, INTERLEAVE);
            vectorRows(species, Index.of("i"), INTERLEAVE, length, matrix, vector, target, code);
            code.endControlFlow();
        }
        if (outputs > grouped) {
            code.add("{\n$>");
            vectorRows(species, Index.of(grouped), outputs - grouped, length, matrix, vector, target, code);
            code.add("$<}\n");
        }
    }

    private static void vectorRows(String species, Index first, int rows, int length, StoredElement matrix,
            java.util.function.Function<Index, ArrayElement> vector, Target target, CodeBlock.Builder code) {
        Index l = Index.of("l");
        for (int r = 0; r < rows; r++) {
            code.addStatement("$T acc$L = $T.zero($N)", VectorApi.DOUBLE_VECTOR, r, VectorApi.DOUBLE_VECTOR, species);
        }
        ArrayElement x = vector.apply(l);
        code.addStatement("int l = 0")
                .beginControlFlow("for (; l < $N.loopBound($L); l += $N.length())", species, length, species)
                .addStatement("$T xl = $T.fromArray($N, $N, $L)", VectorApi.DOUBLE_VECTOR, VectorApi.DOUBLE_VECTOR,
                        species, x.array(), x.index());
        for (int r = 0; r < rows; r++) {
            ArrayElement w = matrix.at(first.plus(r), l);
            code.addStatement("acc$L = $T.fromArray($N, $N, $L).fma(xl, acc$L)", r, VectorApi.DOUBLE_VECTOR, species,
                    w.array(), w.index(), r);
        }
        code.endControlFlow();
        for (int r = 0; r < rows; r++) {
            code.addStatement("double s$L = acc$L.reduceLanes($T.ADD)", r, r, VectorApi.OPERATORS);
        }
        code.beginControlFlow("for (; l < $L; l++)", length).addStatement("double xl = $L", x.read());
        for (int r = 0; r < rows; r++) {
            code.addStatement("s$L += $L * xl", r, matrix.at(first.plus(r), l).read());
        }
        code.endControlFlow();
        for (int r = 0; r < rows; r++) {
            code.addStatement(target.write(first.plus(r), CodeBlock.of("s$L", r)));
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
        String species = method.vectorSpecies();
        if (species != null && target instanceof Target.ParameterSlice slice && columns >= MIN_VECTOR_LENGTH
                && method.arrayElement(b, j) != null) {
            vectorOuter(species, rows, a, b, slice, code);
            return;
        }
        if (target instanceof Target.ParameterSlice slice && method.arrayOffset(b).orElse(-1) == 0) {
            // g[OFF + i * n + j] += s0 * b[j] is not vectorised (the row offset is a variable): copy the
            // row out, add to it at b's own indices, which is, and copy it back.
            String buffer = method.rowBuffer(columns);
            String row = Index.affine(i, columns, Index.of(0)).render(slice.offsetConstant());
            code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                    .addStatement("double s0 = $L", slice.rowScale(method.element(a, i)))
                    .addStatement("$T.arraycopy($N, $L, $N, 0, $L)", System.class, slice.array(), row, buffer, columns)
                    .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                    .addStatement("$N[j] += s0 * $L", buffer, method.element(b, j))
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

    /**
     * C[i, j] = a[i] * b[j] into a parameter slice with the Vector API: each
     * row a vector loop whatever its offset, then the columns past the last
     * whole vector one by one. A multiplication then an addition, as in plain
     * Java, so the results are the same to the bit (a vector broadcast of
     * a[i] held across the loop would be boxed, once per row, by C2 17).
     */
    private void vectorOuter(String species, int rows, Node a, Node b, Target.ParameterSlice slice,
            CodeBlock.Builder code) {
        int columns = b.size();
        Index i = Index.of("i");
        Index j = Index.of("j");
        ArrayElement x = method.arrayElement(b, j);
        Index rowStart = Index.affine(i, columns, j);
        String element = rowStart.render(slice.offsetConstant());
        code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                .addStatement("double s0 = $L", slice.rowScale(method.element(a, i)))
                .addStatement("int j = 0")
                .beginControlFlow("for (; j < $N.loopBound($L); j += $N.length())", species, columns, species)
                .addStatement("$T.fromArray($N, $N, $L).add($T.fromArray($N, $N, $L).mul(s0)).intoArray($N, $L)",
                        VectorApi.DOUBLE_VECTOR, species, slice.array(), element,
                        VectorApi.DOUBLE_VECTOR, species, x.array(), x.index(), slice.array(), element)
                .endControlFlow()
                .beginControlFlow("for (; j < $L; j++)", columns)
                .addStatement(slice.addScaled(rowStart, CodeBlock.of("s0 * $L", x.read())))
                .endControlFlow()
                .endControlFlow();
    }

    /**
     * Rows [first, end) of C = a b^T into a parameter slice, each written out
     * with its constant offset, {@link #ROWS_PER_LOOP} to a loop; long rows in
     * a method called once per loop ({@link MethodEmitter#callPerGroup}),
     * whose argument picks the loop.
     */
    void outerRows(Node node, Target.ParameterSlice target, int first, int end, CodeBlock.Builder code) {
        Node a = node.input(0);
        Node b = node.input(1);
        int columns = b.size();
        int groups = (end - first + ROWS_PER_LOOP - 1) / ROWS_PER_LOOP;
        CodeBlock calls = groups > 1 && columns >= MIN_CALLED_LENGTH && method.arrayElement(a, Index.of(0)) != null
                ? method.callPerGroup("group", groups, 1, body -> {
                    body.beginControlFlow("switch (group)");
                    for (int g = 0; g < groups; g++) {
                        body.add("case $L -> {\n$>", g);
                        rowLoop(a, b, target, first + g * ROWS_PER_LOOP, end, body);
                        body.add("$<}\n");
                    }
                    body.endControlFlow();
                })
                : null;
        if (calls != null) {
            code.add(calls);
            return;
        }
        for (int start = first; start < end; start += ROWS_PER_LOOP) {
            code.add("{\n$>");
            rowLoop(a, b, target, start, end, code);
            code.add("$<}\n");
        }
    }

    /** Rows from {@code start} (to at most {@code end}) of {@link #outerRows}: their scales, then one loop. */
    private void rowLoop(Node a, Node b, Target.ParameterSlice target, int start, int end, CodeBlock.Builder code) {
        int columns = b.size();
        int stop = Math.min(end, start + ROWS_PER_LOOP);
        Index j = Index.of("j");
        for (int row = start; row < stop; row++) {
            code.addStatement("double s$L = $L", row - start, target.rowScale(method.element(a, Index.of(row))));
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement("double xj = $L", method.element(b, j));
        for (int row = start; row < stop; row++) {
            code.addStatement(target.addScaled(j.plus(row * columns), CodeBlock.of("s$L * xj", row - start)));
        }
        code.endControlFlow();
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
