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
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Outer;
import dev.dslc.compiler.ir.Pad;
import dev.dslc.compiler.ir.Slice;
import dev.dslc.compiler.ir.Sum;
import dev.dslc.compiler.ir.Transpose;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator table: for each IR operator class, its one code-generation
 * entry. Every entry point (forward, loss, backward, sgdStep, per example,
 * unrolled or in loops, plain or Vector API, and backwardBatch) renders
 * operators from here; each entry mirrors its op's {@code evaluate}, which
 * is what the tests compare the generated code with. A new operator is one
 * IR record and one {@link #define} line below.
 */
final class Operators {
    private static final Map<Class<? extends Op>, Function<Op, Operator>> TABLE = new HashMap<>();

    static {
        define(Map1.class, m -> Operator.ElementWise.flat(
                (node, e, in) -> m.fn().toJava(in.element(node.input(0), e.flat()), m.parameter())));
        define(Map2.class, m -> Operator.ElementWise.flat(
                (node, e, in) -> m.kind().java(in.element(node.input(0), e.flat()), in.element(node.input(1), e.flat()))));
        define(Broadcast.class, b -> Operator.ElementWise.flat((node, e, in) -> in.element(node.input(0), Index.of(0))));
        define(Slice.class, s -> Operator.ElementWise.flat(
                (node, e, in) -> in.element(node.input(0), e.flat().plus(s.offset()))));
        define(Transpose.class, t -> Operator.ElementWise.grid((node, e, in) -> in.element(node.input(0),
                Index.affine(e.column(), node.input(0).shape().dimension(1), e.row()))));
        define(Outer.class, o -> Operator.ElementWise.grid((node, e, in) -> CodeBlock.of("$L * $L",
                in.element(node.input(0), e.row()), in.element(node.input(1), e.column()))));
        define(Pad.class, p -> new Operator.ElementWise(false,
                node -> new Operator.Range(p.offset(), p.offset() + node.input(0).size()),
                (node, e, in) -> in.element(node.input(0), e.flat().plus(-p.offset()))));
        define(MatMul.class, m -> Operator.Reduction.sum(m::rows, m::columns, m::inner,
                (node, i, l, j, in) -> CodeBlock.of("$L * $L",
                        in.element(node.input(0), m.leftIndex(node, i, l, Index::affine)),
                        in.element(node.input(1), m.rightIndex(node, l, j, Index::affine)))));
        define(Sum.class, s -> Operator.Reduction.sum(node -> 1, node -> 1, node -> node.input(0).size(),
                (node, i, l, j, in) -> in.element(node.input(0), l)));
        // The first extreme element, as Extreme.evaluate: a strict comparison keeps the earlier of ties and a NaN
        // in front; a later NaN never compares greater.
        define(Extreme.class, x -> new Operator.Reduction(node -> 1, node -> 1, node -> node.input(0).size(), 1,
                (node, i, l, j, in) -> in.element(node.input(0), Index.of(0)),
                (node, i, l, j, in) -> in.element(node.input(0), l),
                (acc, term) -> CodeBlock.of("$L $L $L ? $L : $L", term, x.max() ? ">" : "<", acc, term, acc)));
        define(ExtremeMask.class, x -> new Operator.PerExample((node, in, target, code) -> mask(node, x.max(), in,
                target, code)));
        define(LogSumExp.class, x -> new Operator.PerExample(Operators::logSumExp));
    }

    private Operators() {
    }

    private static <O extends Op> void define(Class<O> type, Function<O, Operator> entry) {
        TABLE.put(type, op -> entry.apply(type.cast(op)));
    }

    /** The code-generation entry of a computed node's operator. */
    static Operator of(Op op) {
        Function<Op, Operator> entry = TABLE.get(op.getClass());
        if (entry == null) {
            throw new IllegalStateException("no code generation for " + op.getClass().getSimpleName());
        }
        return entry.apply(op);
    }

    /** The operator classes that have an entry. */
    static Set<Class<? extends Op>> defined() {
        return Set.copyOf(TABLE.keySet());
    }

    /** The index of the first extreme element of x, in a local {@code best}, as ExtremeMask.evaluate finds it. */
    private static void findExtreme(Node x, boolean max, Operands in, CodeBlock.Builder code) {
        code.addStatement("int best = 0")
                .beginControlFlow("for (int i = 1; i < $L; i++)", x.size())
                .beginControlFlow("if ($L $L $L)", in.element(x, Index.of("i")), max ? ">" : "<",
                        in.element(x, Index.of("best")))
                .addStatement("best = i")
                .endControlFlow()
                .endControlFlow();
    }

    private static void mask(Node node, boolean max, Operands in, Target target, CodeBlock.Builder code) {
        code.add("{\n$>");
        findExtreme(node.input(0), max, in, code);
        if (!target.accumulates()) {
            code.beginControlFlow("for (int i = 0; i < $L; i++)", node.size())
                    .addStatement(target.write(Index.of("i"), CodeBlock.of("0.0")))
                    .endControlFlow();
        }
        code.addStatement(target.write(Index.of("best"), CodeBlock.of("1.0"))).endControlFlow();
    }

    /**
     * max + log(sum(exp(x - max))): no term overflows. Mirrors LogSumExp.evaluate.
     * Where the method also needs softmax(x) = exp(x - lse), the terms are
     * kept and divided by their sum instead of being exponentiated again.
     */
    private static void logSumExp(Node node, Operands in, Target target, CodeBlock.Builder code) {
        Node x = node.input(0);
        Node softmax = in.softmaxOf(node);
        Index i = Index.of("i");
        code.add("{\n$>")
                .addStatement("double max = $T.NEGATIVE_INFINITY", Double.class)
                .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                .addStatement("max = $T.max(max, $L)", Math.class, in.element(x, i))
                .endControlFlow();
        if (softmax == null) {
            code.addStatement("double sum = 0.0")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("sum += $T.exp($L - max)", Math.class, in.element(x, i))
                    .endControlFlow()
                    .addStatement(target.write(Index.of(0),
                            CodeBlock.of("$T.isInfinite(max) ? max : max + $T.log(sum)", Double.class, Math.class)));
        } else {
            // An infinite max makes lse = max, and exp(x - lse) what it is, NaN included.
            CodeBlock term = in.element(softmax, i);
            code.beginControlFlow("if ($T.isInfinite(max))", Double.class)
                    .addStatement(target.write(Index.of(0), CodeBlock.of("max")))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("$L = $T.exp($L - max)", term, Math.class, in.element(x, i))
                    .endControlFlow()
                    .nextControlFlow("else")
                    .addStatement("double sum = 0.0")
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("double e = $T.exp($L - max)", Math.class, in.element(x, i))
                    .addStatement("$L = e", term)
                    .addStatement("sum += e")
                    .endControlFlow()
                    .addStatement(target.write(Index.of(0), CodeBlock.of("max + $T.log(sum)", Math.class)))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", x.size())
                    .addStatement("$L /= sum", term)
                    .endControlFlow()
                    .endControlFlow();
        }
        code.unindent().add("}\n");
    }
}
