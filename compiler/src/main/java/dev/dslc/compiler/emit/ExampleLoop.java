package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.compiler.ir.Node;
import java.util.List;

/**
 * Renders a run of small per-example kernels and gradient deliveries of
 * {@code backwardBatch} as one loop over the examples of a block, each
 * kernel written out element by element ({@link Kernels#unrolled}) as in
 * {@code backward}: values only the loop reads are locals, the others are
 * read and written in the block's rows, {@code rows[12][ex]}, and
 * gradients are added to as the examples go. One loop for a chain of
 * scalar operations costs about what {@code backward}'s straight-line code
 * does, where a loop of its own for each would cost several times more.
 */
final class ExampleLoop {
    private final BatchEmitter batch;
    private final ClassContext context;
    private final BatchPlan plan;

    ExampleLoop(BatchEmitter batch, ClassContext context, BatchPlan plan) {
        this.batch = batch;
        this.context = context;
        this.plan = plan;
    }

    void emit(List<BatchPlan.Unit> units, CodeBlock.Builder code) {
        Operands in = this::element;
        code.beginControlFlow("for (int ex = 0; ex < examples; ex++)");
        for (BatchPlan.Unit unit : units) {
            Node node = unit.compute() != null ? unit.compute() : unit.sink().value();
            String note = context.chainRuleNote(node);
            if (note != null) {
                code.add(unit.compute() != null ? "// $L\n" : "// $L, summed over the block\n", note);
            }
            if (unit.compute() != null) {
                Kernels.unrolled(node, Operators.of(node.op()), in, target(node), code);
                continue;
            }
            batch.noteGradientWrite();
            for (int k = 0; k < node.size(); k++) {
                code.addStatement(unit.sink().target().write(Index.of(k), element(node, Index.of(k))));
            }
        }
        code.endControlFlow();
    }

    /** Element k of a value for example {@code ex}: a local of the loop, its row, or the same for every example. */
    private CodeBlock element(Node node, Index k) {
        Index index = node.shape().isScalar() ? Index.of(0) : k;
        if (plan.loopLocals.contains(node)) {
            String name = context.names.of(node);
            return node.shape().isScalar() ? CodeBlock.of("$N", name) : CodeBlock.of("$N", name + "_" + index.constant());
        }
        if (batch.perExample(node)) {
            return CodeBlock.of("$N[$L][ex]", batch.rowsLocal(), index.plus(plan.firstRow.get(node)).render(null));
        }
        return batch.atExample(node, index);
    }

    private Target target(Node node) {
        if (plan.loopLocals.contains(node)) {
            return new Target.Locals(context.names.of(node), !node.shape().isScalar(), true);
        }
        return new Target.ExampleRows(batch.rowsLocal(), plan.firstRow.get(node));
    }
}
