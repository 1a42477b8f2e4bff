package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.runtime.Lengths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code backwardBatch}, the mini-batch entry point: the gradients
 * of {@code count} examples held one after another in one array, summed
 * into {@code gradients()}, and their summed loss; the same as
 * {@code backward} on each example in turn, to within rounding. It works
 * a block of {@value BatchPlan#BLOCK} examples at a time (see {@link BatchPlan}).
 */
final class BatchEmitter {
    private static final List<ParameterSpec> BLOCK_ARGUMENTS = List.of(
            ParameterSpec.builder(double[].class, "inputs").build(),
            ParameterSpec.builder(double[].class, "targets").build(),
            ParameterSpec.builder(int.class, "start").build(),
            ParameterSpec.builder(int.class, "examples").build());

    /** Part methods one method calls, at most. */
    private static final int MAX_CALLS = 100;

    private final ClassContext context;
    private final BatchPlan plan;
    private final BatchKernels kernels = new BatchKernels(this);
    private final Map<Node, String> byExample = new HashMap<>();
    private final Set<Node> copied = new HashSet<>();
    private final int inputSize;
    private final int targetSize;
    private boolean readsParameters;
    private boolean writesGradients;
    private String rowTable;
    private String rowsLocal;
    private boolean readsRows;
    private final ExampleLoop loops;

    BatchEmitter(ClassContext context, List<Sink> sinks, int inputSize, int targetSize) {
        this.context = context;
        this.plan = new BatchPlan(sinks);
        this.loops = new ExampleLoop(this, context, plan);
        this.inputSize = inputSize;
        this.targetSize = targetSize;
    }

    /** The public backwardBatch and the private methods it calls. */
    List<MethodSpec> emit() {
        List<MethodSpec> methods = new ArrayList<>();
        MethodSpec.Builder entry = MethodSpec.methodBuilder("backwardBatch").addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addParameter(double[].class, "inputs")
                .addParameter(double[].class, "targets")
                .addParameter(int.class, "count")
                .addJavadoc(javadoc())
                .addStatement("$T.requireExamples(inputs, count, INPUT_SIZE, $S)", Lengths.class, "inputs");
        if (targetSize > 0) {
            entry.addStatement("$T.requireExamples(targets, count, TARGET_SIZE, $S)", Lengths.class, "targets");
        }
        entry.addStatement("double loss = 0.0");
        if (plan.callsBackward) {
            backwardPerExample(entry);
            methods.add(entry.addStatement("return loss").build());
            return methods;
        }
        entry.beginControlFlow("for (int start = 0; start < count; start += $L)", BatchPlan.BLOCK)
                .addStatement("loss += backwardBlock(inputs, targets, start, $T.min($L, count - start))",
                        Math.class, BatchPlan.BLOCK)
                .endControlFlow()
                .addStatement("return loss");
        methods.add(entry.build());
        List<MethodSpec> parts = new ArrayList<>();
        for (int part = 0; part < plan.partCount; part++) {
            parts.add(MethodSpec.methodBuilder("backwardBlockPart" + part).addModifiers(Modifier.PRIVATE)
                    .addParameters(BLOCK_ARGUMENTS).addCode(part(part)).build());
        }
        MethodSpec.Builder block = MethodSpec.methodBuilder("backwardBlock").addModifiers(Modifier.PRIVATE)
                .returns(double.class).addParameters(BLOCK_ARGUMENTS)
                .addJavadoc("Adds the gradients of examples start .. start + examples - 1 and returns their summed loss.\n");
        plan.examples.forEach(variable -> copyIn(variable, block));
        List<MethodSpec> callees = parts;
        if (parts.size() > MAX_CALLS) {
            // A method of a few thousand calls would itself be too long: call them in groups.
            callees = new ArrayList<>();
            for (int first = 0; first < parts.size(); first += MAX_CALLS) {
                MethodSpec.Builder group = MethodSpec.methodBuilder("backwardBlockGroup" + callees.size())
                        .addModifiers(Modifier.PRIVATE).addParameters(BLOCK_ARGUMENTS);
                parts.subList(first, Math.min(parts.size(), first + MAX_CALLS))
                        .forEach(part -> group.addStatement("$N(inputs, targets, start, examples)", part));
                callees.add(group.build());
            }
            methods.addAll(callees);
        }
        callees.forEach(part -> block.addStatement("$N(inputs, targets, start, examples)", part));
        if (!perExample(plan.loss)) {
            // A loss that no input or target affects: the same for every example.
            if (!plan.sharedValue(plan.loss)) {
                block.addStatement("final double[] param = this.parameters");
            }
            block.addStatement("return examples * $L", atExample(plan.loss, Index.of(0)));
            methods.add(block.build());
            methods.addAll(parts);
            return methods;
        }
        block.addStatement("double loss = 0.0")
                .addStatement("double[] losses = $L", row(plan.loss, Index.of(0)))
                .beginControlFlow("for (int ex = 0; ex < examples; ex++)")
                .addStatement("loss += losses[ex]")
                .endControlFlow()
                .addStatement("return loss");
        methods.add(block.build());
        methods.addAll(parts);
        return methods;
    }

    private CodeBlock javadoc() {
        return CodeBlock.builder()
                .add("Adds the summed dLoss/dParameters of {@code count} examples into {@link #gradients()} and\n")
                .add("returns their summed loss: the same, to within rounding, as calling {@link #backward} on\n")
                .add("each example in turn, but a block of $L examples at a time, in loops over the examples.\n\n",
                        BatchPlan.BLOCK)
                .add("@param inputs  the examples' inputs one after another, {@code INPUT_SIZE} numbers each\n")
                .add("@param targets the examples' targets one after another, {@code TARGET_SIZE} numbers each\n")
                .add("@param count   how many examples\n")
                .build();
    }

    /** For models whose per-example work arrays would be too big: backward on one example at a time. */
    private void backwardPerExample(MethodSpec.Builder entry) {
        String input = context.array(context.names.unique("exampleInput"), inputSize);
        String target = context.array(context.names.unique("exampleTarget"), targetSize);
        entry.beginControlFlow("for (int ex = 0; ex < count; ex++)")
                .addStatement("$T.arraycopy(inputs, ex * INPUT_SIZE, $N, 0, INPUT_SIZE)", System.class, input);
        if (targetSize > 0) {
            entry.addStatement("$T.arraycopy(targets, ex * TARGET_SIZE, $N, 0, TARGET_SIZE)", System.class, target);
        }
        entry.addStatement("loss += backward($N, $N)", input, target).endControlFlow();
    }

    private CodeBlock part(int part) {
        readsParameters = false;
        writesGradients = false;
        readsRows = false;
        CodeBlock.Builder body = CodeBlock.builder();
        for (int u = 0; u < plan.units.size(); u++) {
            if (plan.parts.get(u) != part) {
                continue;
            }
            int loop = plan.loops.get(u);
            if (loop < 0) {
                unit(plan.units.get(u), body);
                continue;
            }
            int end = u;
            while (end + 1 < plan.units.size() && plan.loops.get(end + 1) == loop) {
                end++;
            }
            loops.emit(plan.units.subList(u, end + 1), body);
            u = end;
        }
        CodeBlock code = ClassContext.withArrayLocals(body.build(), readsParameters, writesGradients);
        if (!readsRows) {
            return code;
        }
        return CodeBlock.builder().addStatement("final double[][] $N = this.$N", rowsLocal, rowTable).add(code).build();
    }

    /** The local that an example loop reads the block's table of rows from, {@code rows}. */
    String rowsLocal() {
        table();
        if (rowsLocal == null) {
            rowsLocal = context.names.unique("rows");
        }
        readsRows = true;
        return rowsLocal;
    }

    /** A gradient write needs the {@code grad} local. */
    void noteGradientWrite() {
        writesGradients = true;
    }

    private void unit(BatchPlan.Unit unit, CodeBlock.Builder code) {
        if (unit.compute() != null) {
            Node node = unit.compute();
            String note = context.chainRuleNote(node);
            if (note != null) {
                code.add("// $L\n", note);
            }
            code.add(rowsComment(node, plan.firstRow.get(node)));
            code.add("{\n$>");
            kernels.compute(unit.compute(), code);
            code.endControlFlow();
            return;
        }
        writesGradients = true;
        Sink sink = unit.sink();
        Node value = sink.value();
        String note = context.chainRuleNote(value);
        if (note != null) {
            code.add("// $L, summed over the block\n", note);
        }
        code.add("{\n$>");
        if (plan.fusedOuters.contains(value)) {
            summedOuter(value, sink.target(), code);
        } else if (perExample(value)) {
            code.beginControlFlow("for (int k = 0; k < $L; k++)", value.size())
                    .addStatement("double[] in0 = $L", row(value, Index.of("k")))
                    .addStatement("double sum = 0.0")
                    .beginControlFlow("for (int ex = 0; ex < examples; ex++)")
                    .addStatement("sum += in0[ex]")
                    .endControlFlow()
                    .addStatement(sink.target().write(Index.of("k"), CodeBlock.of("sum")))
                    .endControlFlow();
        } else {
            code.beginControlFlow("for (int k = 0; k < $L; k++)", value.size())
                    .addStatement(sink.target().write(Index.of("k"), CodeBlock.of("examples * $L", atExample(value, Index.of("k")))))
                    .endControlFlow();
        }
        code.endControlFlow();
    }

    /**
     * grad[i, j] += sum over the block of a[i] * c[j]: for each row i, the
     * gradient row is copied into a buffer, the rows of c (one example each)
     * are scaled by a[i] and added to it, four examples per pass, and the
     * buffer is copied back. The copies are System.arraycopy, which is
     * vectorised; adding the buffer into the gradient row at its offset would
     * not be (see Contractions#VECTOR_DOUBLES).
     */
    private void summedOuter(Node outer, Target target, CodeBlock.Builder code) {
        Node a = outer.input(0);
        Node c = outer.input(1);
        int columns = c.size();
        String byExample = byExample(c, code);
        String rowSum = context.rowBuffer(columns);
        int group = Contractions.INTERLEAVE;
        String gradientRow = Index.affine(Index.of("i"), columns, Index.of(0)).render(offsetConstant(target));
        code.beginControlFlow("for (int i = 0; i < $L; i++)", a.size())
                .addStatement("double[] scale = $L", row(a, Index.of("i")))
                .addStatement("$T.arraycopy(grad, $L, $N, 0, $L)", System.class, gradientRow, rowSum, columns)
                .addStatement("int ex = 0")
                .beginControlFlow("for (; ex + $L < examples; ex += $L)", group - 1, group);
        List<CodeBlock> terms = new ArrayList<>();
        for (int r = 0; r < group; r++) {
            String example = r == 0 ? "ex" : "ex + " + r;
            code.addStatement("double s$L = scale[$L]", r, example)
                    .addStatement("double[] in$L = $N[$L]", r, byExample, example);
            terms.add(CodeBlock.of("s$L * in$L[j]", r, r));
        }
        code.beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement("$N[j] += $L", rowSum, CodeBlock.join(terms, " + "))
                .endControlFlow()
                .endControlFlow()
                .beginControlFlow("for (; ex < examples; ex++)")
                .addStatement("double s0 = scale[ex]")
                .addStatement("double[] in0 = $N[ex]", byExample)
                .beginControlFlow("for (int j = 0; j < $L; j++)", columns)
                .addStatement("$N[j] += s0 * in0[j]", rowSum)
                .endControlFlow()
                .endControlFlow()
                .addStatement("$T.arraycopy($N, 0, grad, $L, $L)", System.class, rowSum, gradientRow, columns)
                .endControlFlow();
    }

    private static String offsetConstant(Target target) {
        return ((Target.ParameterSlice) target).offsetConstant();
    }

    /** The field holding c one example per row, filled on first use in the block. */
    private String byExample(Node c, CodeBlock.Builder code) {
        String name = byExample.computeIfAbsent(c, n -> context.matrix(
                context.names.unique(context.names.of(n) + "ByExample"), BatchPlan.BLOCK, n.size()));
        if (copied.add(c)) {
            code.beginControlFlow("for (int ex = 0; ex < examples; ex++)");
            if (BatchPlan.isExampleVariable(c)) {
                Op.Variable variable = (Op.Variable) c.op();
                boolean input = variable.kind() == Op.VariableKind.INPUT;
                code.addStatement("$T.arraycopy($L, $L, $N[ex], 0, $L)", System.class, input ? "inputs" : "targets",
                        exampleStart(variable), name, c.size());
            } else {
                code.addStatement("double[] out = $N[ex]", name)
                        .beginControlFlow("for (int k = 0; k < $L; k++)", c.size())
                        .addStatement("out[k] = $L[ex]", row(c, Index.of("k")))
                        .endControlFlow();
            }
            code.endControlFlow();
        }
        return name;
    }

    /** Copies an input or target variable of each example of the block into its rows. */
    private void copyIn(Node variableNode, MethodSpec.Builder block) {
        Op.Variable variable = (Op.Variable) variableNode.op();
        boolean input = variable.kind() == Op.VariableKind.INPUT;
        int first = plan.firstRow.get(variableNode);
        block.addCode(rowsComment(variableNode, first));
        block.beginControlFlow("for (int ex = 0; ex < examples; ex++)")
                .addStatement("int base = $L", exampleStart(variable));
        Index k = variableNode.size() == 1 ? Index.of(0) : Index.of("k");
        if (variableNode.size() > 1) {
            block.beginControlFlow("for (int k = 0; k < $L; k++)", variableNode.size());
        }
        block.addStatement("$L[ex] = $L[$L]", row(variableNode, k), input ? "inputs" : "targets", k.render("base"));
        if (variableNode.size() > 1) {
            block.endControlFlow();
        }
        block.endControlFlow();
    }

    /** {@code // h: rows 256 to 383}: where a value lives in the block's table. */
    private CodeBlock rowsComment(Node node, int first) {
        return node.size() == 1 ? CodeBlock.of("// $L: row $L\n", context.names.of(node), first)
                : CodeBlock.of("// $L: rows $L to $L\n", context.names.of(node), first, first + node.size() - 1);
    }

    /** Where a variable of example {@code ex} of the block starts in the inputs or targets array. */
    private static CodeBlock exampleStart(Op.Variable variable) {
        String size = variable.kind() == Op.VariableKind.INPUT ? "INPUT_SIZE" : "TARGET_SIZE";
        return variable.offset() == 0 ? CodeBlock.of("(start + ex) * $L", size)
                : CodeBlock.of("(start + ex) * $L + $L", size, variable.offset());
    }

    /**
     * Element {@code k} of a per-example value: its row of the block's table,
     * {@code blockRows[k + first]}, one number per example.
     */
    CodeBlock row(Node node, Index k) {
        return CodeBlock.of("$N[$L]", table(), k.plus(plan.firstRow.get(node)).render(null));
    }

    /** The block's table of rows, {@code blockRows}, declared on first use. */
    private String table() {
        if (rowTable == null) {
            rowTable = context.matrix(context.names.unique("blockRows"), plan.rowCount, BatchPlan.BLOCK);
        }
        return rowTable;
    }

    boolean perExample(Node node) {
        return plan.perExampleValue(node);
    }

    /** A parameter or constant element, the same for every example. */
    CodeBlock leaf(Node node, Index index) {
        readsParameters |= MethodPlan.isParameter(node);
        return context.leaf(node, index);
    }

    /** Element {@code k} of a value as read for example {@code ex} (the same for all examples if shared). */
    CodeBlock atExample(Node node, Index k) {
        Index index = node.shape().isScalar() ? Index.of(0) : k;
        if (perExample(node)) {
            return CodeBlock.of("$L[ex]", row(node, index));
        }
        return plan.sharedValue(node) ? CodeBlock.of("$L[0]", row(node, index)) : leaf(node, index);
    }

    /** The examples a node's kernel runs over: all of the block's, or one for a shared value. */
    String examplesOf(Node node) {
        return perExample(node) ? "examples" : "1";
    }

    /** Where a per-example statement writes example ex's elements of a node. */
    Target rowsOf(Node node) {
        return new Target.ExampleRows(table(), plan.firstRow.get(node));
    }
}
