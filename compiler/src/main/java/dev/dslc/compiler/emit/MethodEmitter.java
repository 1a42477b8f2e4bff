package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.dslc.compiler.ir.Literals;
import dev.dslc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes one public method ({@code forward}, {@code loss} or {@code backward})
 * and its part methods from a {@link MethodPlan}. It knows no calculus: the
 * nodes it computes already include the derivative.
 */
final class MethodEmitter {
    private final ClassContext context;
    private final MethodPlan plan;
    private final Kernels kernels;
    private boolean readsParameters;
    private boolean writesGradients;
    private boolean usesWork;
    /** While a kernel is written to be shared, the arguments its code names instead of numbers; else null. */
    private SharedKernel.KernelArguments shared;
    /** In a compact class, each loop unit's kernel written with its offsets as arguments. */
    private final Map<MethodPlan.Unit, SharedKernel> sharedKernels = new java.util.IdentityHashMap<>();
    /** How many of this method's loop kernels read the same, their offsets apart: two or more share a method. */
    private final Map<String, Integer> kernelUses = new HashMap<>();
    private List<ParameterSpec> arguments = List.of();
    /** The method being written, which names the methods its kernels call ({@link #callPerGroup}). */
    private String methodName = "";
    private int rowGroupMethods;

    MethodEmitter(ClassContext context, MethodPlan plan) {
        this.context = context;
        this.plan = plan;
        this.kernels = new Kernels(this);
        context.needWork(plan.workSize);
    }

    /**
     * Fills in {@code method}'s body after its argument checks and returns the
     * private part methods it calls, if the body had to be split.
     */
    List<MethodSpec> emit(MethodSpec.Builder method, List<ParameterSpec> arguments, CodeBlock prologue) {
        this.arguments = arguments;
        this.methodName = method.build().name();
        if (plan.compact) {
            for (MethodPlan.Unit unit : plan.units) {
                SharedKernel kernel = sharedKernel(unit);
                if (kernel != null) {
                    sharedKernels.put(unit, kernel);
                    kernelUses.merge(kernel.key(arguments), 1, Integer::sum);
                }
            }
        }
        List<MethodSpec> partMethods = new ArrayList<>();
        String argumentNames = String.join(", ", arguments.stream().map(ParameterSpec::name).toList());
        for (int part = 0; part < plan.partCount; part++) {
            String name = method.build().name() + "Part" + part;
            partMethods.add(MethodSpec.methodBuilder(name)
                    .addModifiers(Modifier.PRIVATE)
                    .addParameters(arguments)
                    .addCode(body(part))
                    .build());
        }
        method.addCode(prologue);
        List<MethodSpec> methods = new ArrayList<>(partMethods);
        for (MethodSpec callee : ClassContext.inGroups(method.build().name(), partMethods, arguments, methods)) {
            method.addStatement("$N($L)", callee, argumentNames);
        }
        method.addCode(body(-1));
        return methods;
    }

    /** The statements of one part (-1: those that stay in the public method), with the array locals they use. */
    private CodeBlock body(int part) {
        readsParameters = false;
        writesGradients = false;
        usesWork = false;
        CodeBlock body = ClassContext.unitsOf(part, plan.units, plan.parts, this::unit);
        return ClassContext.withArrayLocals(body, readsParameters, writesGradients, usesWork);
    }

    private void unit(MethodPlan.Unit unit, CodeBlock.Builder code) {
        if (unit.compute() != null) {
            Node node = unit.compute();
            String note = unit.firstRow() == 0 ? context.chainRuleNote(node) : null;
            if (note != null) {
                code.add("// $L\n", note);
            }
            Sink sink = plan.fusedSink(node);
            if (sink != null) {
                notePostedTo(sink);
            }
            SharedKernel kernel = sharedKernels.get(unit);
            if (kernel != null && kernelUses.get(kernel.key(arguments)) > 1) {
                code.addStatement(context.callKernel(kernel, arguments));
            } else if (unit.rowRange()) {
                kernels.outerRows(node, (Target.ParameterSlice) sink.target(), unit.firstRow(), unit.endRow(), code);
            } else {
                kernels.compute(node, sink != null ? sink.target() : storageTarget(node), plan.unrolled(node), code);
            }
            return;
        }
        Sink sink = unit.sink();
        if (sink.kind() == Sink.Kind.RETURN) {
            code.addStatement("return $L", element(sink.value(), Index.of(0)));
            return;
        }
        notePostedTo(sink);
        if (sink.intoParameterSlice()) {
            String note = context.chainRuleNote(sink.value());
            if (note != null && sink.value().inputs().isEmpty()) {
                code.add("// $L\n", note);
            }
        }
        kernels.copy(sink.value(), sink.target(), plan.copyUnrolled(sink.value()), code);
    }

    /** Which array locals a write to this sink needs. */
    private void notePostedTo(Sink sink) {
        writesGradients |= sink.kind() == Sink.Kind.GRADIENT;
    }

    /**
     * A loop kernel written with its work-array and example offsets, and the
     * scalar locals it reads, as arguments: kernels that read the same apart
     * from those (the same layer applied at every step of a recurrence) share
     * one method, in a class written compactly; below that size every kernel
     * stays inline, where C2 sees its constant offsets. Null for unrolled
     * code, for kernels that write a local, and for deliveries.
     */
    private SharedKernel sharedKernel(MethodPlan.Unit unit) {
        Node node = unit.compute();
        if (node == null || unit.rowRange() || plan.unrolled(node)) {
            return null;
        }
        Sink sink = plan.fusedSink(node);
        boolean[] flags = {readsParameters, writesGradients, usesWork};
        shared = new SharedKernel.KernelArguments();
        try {
            readsParameters = false;
            usesWork = false;
            Target target = sink != null ? sink.target() : storageTarget(node);
            if (target instanceof Target.Locals) {
                return null;
            }
            CodeBlock.Builder code = CodeBlock.builder();
            kernels.compute(node, target, false, code);
            shared.readsParameters = readsParameters;
            shared.usesWork = usesWork;
            shared.writesGradients = sink != null && sink.kind() == Sink.Kind.GRADIENT;
            return new SharedKernel(code.build(), shared);
        } finally {
            shared = null;
            readsParameters = flags[0];
            writesGradients = flags[1];
            usesWork = flags[2];
        }
    }

    private Target storageTarget(Node node) {
        return switch (plan.storage(node)) {
            case LOCAL -> new Target.Locals(context.names.of(node), !node.shape().isScalar(), true);
            case WORK -> {
                usesWork = true;
                int offset = plan.workOffset(node);
                yield new Target.Work(offset, node.shape().isScalar(), shared == null ? null : shared.offset(offset));
            }
            case LEAF, SINK -> throw new IllegalStateException("no storage for " + node);
        };
    }

    /** Reads element {@code k} of a node's value (element 0 of a scalar, whatever k is). */
    CodeBlock element(Node node, Index k) {
        Index index = node.shape().isScalar() ? Index.of(0) : k;
        return switch (plan.storage(node)) {
            case LEAF -> leaf(node, index);
            case LOCAL -> {
                String name = context.names.of(node);
                if (shared != null) {
                    yield CodeBlock.of("$N", shared.value(CodeBlock.of("$N", name))); // loops read only scalar locals
                }
                yield node.shape().isScalar() ? CodeBlock.of("$N", name) : CodeBlock.of("$N", name + "_" + index.constant());
            }
            case WORK -> workElement(node, index).read();
            case SINK -> throw new IllegalStateException("a value written to a sink is never read: " + node);
        };
    }

    /**
     * Element {@code k} of a node's value as an array element, for kernels
     * that load several elements at once; null when no array holds the value
     * (locals, a scalar field, a uniform constant).
     */
    ArrayElement arrayElement(Node node, Index k) {
        return switch (plan.storage(node)) {
            case LEAF -> {
                noteRead(node);
                ArrayElement example = exampleElement(node, k);
                yield example != null ? example : context.leafArray(node, k);
            }
            case WORK -> node.shape().isScalar() ? null : workElement(node, k);
            case LOCAL, SINK -> null;
        };
    }

    private ArrayElement workElement(Node node, Index k) {
        usesWork = true;
        int offset = plan.workOffset(node);
        return new ArrayElement(Target.Work.ARRAY, shared == null ? k.plus(offset).render(null) : k.render(shared.offset(offset)));
    }

    private CodeBlock leaf(Node node, Index index) {
        noteRead(node);
        ArrayElement example = exampleElement(node, index);
        return example != null ? example.read() : context.leaf(node, index);
    }

    /** In a shared kernel, an input or target element, the variable's offset an argument; else null. */
    private ArrayElement exampleElement(Node node, Index k) {
        if (shared == null || !(node.op() instanceof dev.dslc.compiler.ir.Op.Variable variable)
                || !BatchPlan.isExampleVariable(node)) {
            return null;
        }
        String array = variable.kind() == dev.dslc.compiler.ir.Op.VariableKind.INPUT ? "input" : "target";
        return new ArrayElement(array, k.render(shared.offset(variable.offset())));
    }

    /** A read of the parameters needs the {@code param} local. */
    private void noteRead(Node node) {
        readsParameters |= MethodPlan.isParameter(node);
    }

    /** Where element 0 of a node's value lies in the array it is read from, when that is a compile-time number. */
    java.util.OptionalInt arrayOffset(Node node) {
        return plan.arrayOffset(node);
    }

    /**
     * Calls of a row-group method a step makes at least while the object is
     * young: HotSpot counts a method's calls, not the work each does. It
     * leaves the interpreter for a method after 100 calls (or 60,000 loop
     * iterations) and C1's code for C2's after 600, and C2's on-stack
     * versions help little for loops of a few hundred iterations, which C1's
     * code enters only once in 8,192 iterations. Called two or four times a
     * step, a kernel of long loops waited 19 to 38 steps for C1 and 150 to
     * 300 for C2; topped up to 64 calls with calls that return at once, it waits
     * 2 and 10 to 20, and C2 compiles it once, not first on stack
     * (docs/performance.md, "Warm-up calls for row groups"; 32 and 128 calls
     * were slower).
     */
    static final int WARM_UP_CALLS_PER_STEP = 64;
    /** Top-up calls of one row-group method before they stop: past C2's threshold of 5,000 calls. */
    static final int WARM_UP_CALLS = 10_000;

    /**
     * Writes a long loop kernel as calls of a private method, one call per row
     * group, {@code for (int index = 0; index < groups * step; index += step)}:
     * the method's code is what {@code group} writes for the group {@code index}
     * names. Called once per group rather than once for all of them, and
     * while the object is young topped up to {@link #WARM_UP_CALLS_PER_STEP}
     * calls a step with {@code index} -1, which returns at once, the kernel reaches HotSpot's
     * compilers in a few steps, where one call a step of all its groups ran in
     * the interpreter and then C1's code for hundreds of steps more
     * (docs/performance.md, "Cold start"). Null in a compact class, whose
     * loops are shared kernels already: the caller writes the groups itself.
     */
    CodeBlock callPerGroup(String index, int groups, int step, java.util.function.Consumer<CodeBlock.Builder> group) {
        if (plan.compact) {
            return null;
        }
        int warmUpCalls = WARM_UP_CALLS_PER_STEP - groups;
        CodeBlock.Builder body = CodeBlock.builder();
        if (warmUpCalls > 0) {
            body.beginControlFlow("if ($N < 0)", index).addStatement("return").endControlFlow();
        }
        group.accept(body);
        // the array locals of the calling part so far, its target's among them, and of the group's code
        String name = context.addKernelMethod(methodName + "Rows" + rowGroupMethods++, arguments,
                List.of(ParameterSpec.builder(int.class, index).build()), body.build(), readsParameters, writesGradients,
                usesWork);
        CodeBlock.Builder calls = CodeBlock.builder()
                .beginControlFlow("for (int $N = 0; $N < $L; $L)", index, index, groups * step,
                        step == 1 ? index + "++" : index + " += " + step)
                .addStatement(ClassContext.callOf(name, arguments, List.of(index)))
                .endControlFlow();
        if (warmUpCalls > 0) {
            String counter = context.counter(name + "WarmUpCalls");
            calls.beginControlFlow("if ($N < $L)", counter, WARM_UP_CALLS)
                    .addStatement("$N += $L", counter, warmUpCalls)
                    .beginControlFlow("for (int $N = 0; $N < $L; $N++)", index, index, warmUpCalls, index)
                    .addStatement(ClassContext.callOf(name, arguments, List.of("-1")))
                    .endControlFlow()
                    .endControlFlow();
        }
        return calls.build();
    }

    /** The static species field of vector kernels, or null when the class is written in plain Java. */
    String vectorSpecies() {
        return context.options.vectorApi() ? context.vectorSpecies() : null;
    }

    /** The softmax a log-sum-exp node's kernel also writes, or null. */
    Node softmaxOf(Node lse) {
        return plan.softmaxOf(lse);
    }

    /** The work array that gradient rows are copied into, at least {@code size} long. */
    String rowBuffer(int size) {
        return context.rowBuffer(size);
    }

    /** True when the local declaration of a node happens inside a loop-shaped kernel's block. */
    boolean isLocal(Target target) {
        return target instanceof Target.Locals;
    }
}
