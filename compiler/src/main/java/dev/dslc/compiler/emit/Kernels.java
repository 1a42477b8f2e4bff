package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Outer;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one node's operator ({@link Operators}) for one example: unrolled
 * (constant indices, straight-line code on locals) or as loops with constant
 * bounds, except the dense-layer products, which have loop shapes of their
 * own ({@link Contractions}).
 */
final class Kernels {
    /** A stored value delivered as it is, to the output or a gradient. */
    private static final Operator.ElementWise COPY = Operator.ElementWise.flat((node, e, in) -> in.element(node, e.flat()));

    private final Operands operands;
    private final Contractions contractions;

    Kernels(MethodEmitter method) {
        this.operands = Operands.of(method);
        this.contractions = new Contractions(method);
    }

    void compute(Node node, Target target, boolean unrolled, CodeBlock.Builder code) {
        if (!unrolled && node.op() instanceof Outer) {
            contractions.outer(node, target, code);
            return;
        }
        if (!unrolled && node.op() instanceof MatMul m && Contractions.handles(node) && !MethodPlan.writesSumsOut(node)) {
            contractions.product(node, m, target, code);
            return;
        }
        Operator operator = Operators.of(node.op());
        if (operator instanceof Operator.ElementWise e) {
            elementWise(node, e, target, unrolled, code);
        } else if (operator instanceof Operator.Reduction r) {
            reduction(node, r, target, unrolled, code);
        } else {
            ((Operator.PerExample) operator).body().emit(node, operands, declareFirst(target, code), code);
        }
    }

    /** Rows [first, end) of an outer product written out into a gradient, one vectorised loop each. */
    void outerRows(Node node, Target.ParameterSlice target, int first, int end, CodeBlock.Builder code) {
        contractions.outerRows(node, target, first, end, code);
    }

    /** Delivers a stored value to the output or the gradient. */
    void copy(Node node, Target target, boolean unrolled, CodeBlock.Builder code) {
        elementWise(node, COPY, target, unrolled, code);
    }

    /** Unrolled, a statement per element; else one loop (a row and a column loop for a grid), which C2 can vectorise. */
    private void elementWise(Node node, Operator.ElementWise e, Target target, boolean unrolled,
            CodeBlock.Builder code) {
        if (unrolled) {
            unrolled(node, e, operands, target, code);
            return;
        }
        Operator.Range support = e.support().apply(node);
        boolean partial = support.end() - support.first() < node.size();
        int columns = e.grid() ? node.shape().dimension(1) : 1;
        int rows = node.size() / columns;
        Target assignable = declareFirst(target, code);
        if (partial && !assignable.accumulates()) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", node.size())
                    .addStatement(assignable.write(Index.of("i"), CodeBlock.of("0.0")))
                    .endControlFlow();
        }
        if (e.grid()) {
            Index i = Index.of("i");
            Index j = Index.of("j");
            Index flat = Index.affine(i, columns, j);
            code.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                    .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                    .addStatement(assignable.write(flat, e.value().at(node, new Operator.Element(i, j, flat), operands)))
                    .endControlFlow()
                    .endControlFlow();
            return;
        }
        Index k = Index.of("i").plus(support.first());
        code.beginControlFlow("for (int i = 0; i < $L; i++)", support.end() - support.first())
                .addStatement(assignable.write(k, e.value().at(node, new Operator.Element(null, null, k), operands)))
                .endControlFlow();
    }

    /**
     * Unrolled, a sum is a balanced tree of its terms per result element; a
     * product that {@linkplain MethodPlan#writesSumsOut writes its sums out}
     * is the same tree in a loop over the result's elements; in other loops
     * (and a fold always), an accumulator per result element.
     */
    private void reduction(Node node, Operator.Reduction r, Target target, boolean unrolled, CodeBlock.Builder code) {
        if (unrolled && r.additive()) {
            unrolled(node, r, operands, target, code);
            return;
        }
        int rows = r.rows().applyAsInt(node);
        int columns = r.columns().applyAsInt(node);
        int length = r.length().applyAsInt(node);
        Target assignable = declareFirst(target, code);
        Index i = rows == 1 ? Index.of(0) : Index.of("i");
        Index j = columns == 1 ? Index.of(0) : Index.of("j");
        if (rows > 1) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", rows);
        }
        if (columns > 1) {
            code.beginControlFlow("for (int j = 0; j < $L; j++)", columns);
        }
        if (MethodPlan.writesSumsOut(node)) { // a product: a sum, never a fold
            List<CodeBlock> terms = new ArrayList<>();
            for (int l = 0; l < length; l++) {
                terms.add(r.term().at(node, i, Index.of(l), j, operands));
            }
            code.addStatement(assignable.write(Index.affine(i, columns, j), balancedSum(terms)));
        } else {
            CodeBlock term = r.term().at(node, i, Index.of("l"), j, operands);
            code.add("{\n$>")
                    .addStatement("double acc = $L", r.initial(node, i, j, operands))
                    .beginControlFlow("for (int l = $L; l < $L; l++)", r.start(), length)
                    .addStatement(r.additive() ? CodeBlock.of("acc += $L", term)
                            : CodeBlock.of("acc = $L", r.combine().of(CodeBlock.of("acc"), term)))
                    .endControlFlow()
                    .addStatement(assignable.write(Index.affine(i, columns, j), CodeBlock.of("acc")))
                    .endControlFlow();
        }
        if (columns > 1) {
            code.endControlFlow();
        }
        if (rows > 1) {
            code.endControlFlow();
        }
    }

    /**
     * True when an operator can be written out element by element: element-wise
     * operators and sums (a fold's accumulator is read twice per step, so its
     * expression would grow exponentially).
     */
    static boolean unrollable(Operator operator) {
        return operator instanceof Operator.ElementWise || operator instanceof Operator.Reduction r && r.additive();
    }

    /**
     * A statement per result element, with constant indices: the value from
     * operand elements, zero outside an element-wise operator's support, a
     * balanced sum for a reduction.
     */
    static void unrolled(Node node, Operator operator, Operands in, Target target, CodeBlock.Builder code) {
        if (operator instanceof Operator.ElementWise e) {
            Operator.Range support = e.support().apply(node);
            int columns = e.grid() ? node.shape().dimension(1) : 1;
            for (int k = 0; k < node.size(); k++) {
                Index flat = Index.of(k);
                if (k >= support.first() && k < support.end()) {
                    Operator.Element element = e.grid() ? new Operator.Element(Index.of(k / columns), Index.of(k % columns), flat)
                            : new Operator.Element(null, null, flat);
                    code.addStatement(target.write(flat, e.value().at(node, element, in)));
                } else if (!target.accumulates()) {
                    code.addStatement(target.write(flat, CodeBlock.of("0.0")));
                }
            }
            return;
        }
        Operator.Reduction r = (Operator.Reduction) operator;
        int rows = r.rows().applyAsInt(node);
        int columns = r.columns().applyAsInt(node);
        int length = r.length().applyAsInt(node);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                List<CodeBlock> terms = new ArrayList<>();
                for (int l = 0; l < length; l++) {
                    terms.add(r.term().at(node, Index.of(i), Index.of(l), Index.of(j), in));
                }
                code.addStatement(target.write(Index.of(i * columns + j), balancedSum(terms)));
            }
        }
    }

    /** Sums as a balanced tree: short dependency chains, and no expression deeper than log2(n). */
    static CodeBlock balancedSum(List<CodeBlock> terms) {
        if (terms.size() == 1) {
            return terms.get(0);
        }
        int half = terms.size() / 2;
        return CodeBlock.of("($L + $L)", balancedSum(terms.subList(0, half)), balancedSum(terms.subList(half, terms.size())));
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
