package dev.dslc.compiler.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.LoweredModel;
import dev.dslc.runtime.Lengths;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The emit stage: one Java class per model, implementing
 * {@link dev.dslc.runtime.Model} as INTERFACES.md specifies, plus
 * {@code backwardBatch(inputs, targets, count)}, the mini-batch entry point
 * (docs/backward-batch.md).
 */
public final class JavaEmitter {
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private final LoweredModel model;
    private final ReverseMode.Result derivative;
    private final ClassContext context;
    private final TypeSpec.Builder type;
    /** Whether the class is written compactly ({@link MethodPlan#COMPACT_OPERATIONS}). */
    private boolean compact;
    /** The forward pass's own plan when the entry points share it, else null. */
    private MethodPlan sharedForward;
    /** The calls of the shared forward pass's parts, which every entry point makes first. */
    private CodeBlock forwardCalls = CodeBlock.builder().build();
    /** The entry points beyond the loss gradient that the class has. */
    private final List<DerivativeEntryPoint> derivativeEntryPoints;

    private JavaEmitter(LoweredModel model, ReverseMode.Result derivative, Derivatives more, EmitOptions options) {
        this.model = model;
        this.derivative = derivative;
        Map<Node, Node> adjointOf = adjointOf(model, derivative);
        Names names = new Names(model.className(), model.names(), adjointOf, model.parameters());
        this.context = new ClassContext(names, derivative, adjointOf, options);
        this.type = TypeSpec.classBuilder(model.className());
        this.derivativeEntryPoints = DerivativeEntryPoint.all(model, more, names::offsetConstant);
    }

    /** The class with the loss gradient's entry points only. */
    public static GeneratedClass emit(LoweredModel model, ReverseMode.Result derivative, String packageName,
            EmitOptions options) {
        return emit(model, derivative, Derivatives.NONE, packageName, options);
    }

    /** The class with the entry points of the loss gradient and of {@code more}. */
    public static GeneratedClass emit(LoweredModel model, ReverseMode.Result derivative, Derivatives more,
            String packageName, EmitOptions options) {
        TypeSpec type = new JavaEmitter(model, derivative, more, options).build();
        String source = JavaFile.builder(packageName, type)
                .skipJavaLangImports(true)
                .indent("    ")
                .build()
                .toString();
        return new GeneratedClass(packageName, model.className(), source);
    }

    /**
     * Which forward node each adjoint node is named after. Where several share
     * one adjoint (an addition passes its adjoint through unchanged), the
     * computed node nearest the loss wins: its chain-rule step is the one that
     * says something ({@code dL/dz2 = dL/da2 * sigmoid'(z2)}); a parameter
     * names an adjoint only when nothing else does. An adjoint that is itself
     * a forward value keeps that value's name: for L = a * b, dL/da is b (the
     * rewrites drop the 1 *), and naming b after a would also loop, since
     * dL/db is a.
     */
    private static Map<Node, Node> adjointOf(LoweredModel model, ReverseMode.Result derivative) {
        Map<Node, Node> adjointOf = new HashMap<>();
        List<Node> primals = new ArrayList<>(Schedule.topological(List.of(model.loss())));
        Set<Node> forward = new HashSet<>(Schedule.topological(List.of(model.output(), model.loss())));
        java.util.Collections.reverse(primals);
        primals.sort(java.util.Comparator.comparing(n -> n.inputs().isEmpty()));
        for (Node primal : primals) {
            Node adjoint = derivative.adjoints().get(primal);
            if (adjoint != null && !forward.contains(adjoint) && !adjoint.inputs().isEmpty()) {
                adjointOf.putIfAbsent(adjoint, primal);
            }
        }
        return adjointOf;
    }

    private TypeSpec build() {
        type.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Model.class)
                .addSuperinterfaces(derivativeEntryPoints.stream().map(DerivativeEntryPoint::contract).toList())
                .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", "dev.dslc").build())
                .addJavadoc(javadoc());
        constants();
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, Parameter.class), "LAYOUT",
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(layout()).build());
        type.addField(FieldSpec.builder(double[].class, "parameters", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new double[PARAMETER_COUNT]").build());
        type.addField(FieldSpec.builder(double[].class, "gradients", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new double[PARAMETER_COUNT]").build());
        constructors();
        accessors();
        List<MethodSpec> methods = new ArrayList<>();
        java.util.Optional<List<Sink>> steps = fusedSteps();
        List<Sink> bodySinks = steps.orElseGet(this::backwardSinks);
        List<Node> roots = new ArrayList<>(bodySinks.stream().map(Sink::value).toList());
        roots.add(model.output());
        compact = MethodPlan.compact(roots);
        List<Sink> everySink = new ArrayList<>(bodySinks);
        derivativeEntryPoints.forEach(entryPoint -> everySink.addAll(entryPoint.sinks()));
        sharedForward = sharedForward(everySink);
        methods.addAll(forward());
        methods.addAll(loss());
        methods.addAll(backwardAndStep(steps));
        methods.addAll(new BatchEmitter(context, backwardSinks(), model.inputSize(), model.targetSize()).emit());
        derivativeEntryPoints.forEach(entryPoint -> methods.addAll(derivativeEntryPoint(entryPoint)));
        // A loop with a constant bound rather than Arrays.fill: C2 unrolls it completely for a small model.
        methods.add(MethodSpec.methodBuilder("zeroGradients").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addStatement("final double[] grad = this.gradients")
                .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
                .addStatement("grad[i] = 0.0")
                .endControlFlow()
                .build());
        methods.addAll(context.kernelMethods());
        context.fields().forEach(type::addField);
        if (!context.staticInitializer().isEmpty()) {
            type.addStaticBlock(context.staticInitializer());
        }
        type.addMethods(methods);
        return type.build();
    }

    private CodeBlock javadoc() {
        String equations = model.equations().stream().map(JavaEmitter::escapeHtml).collect(Collectors.joining("\n"));
        return CodeBlock.builder()
                .add("The model {@code $L}, generated by dslc from {@code $L}. Do not edit: regenerate.\n\n",
                        model.className(), escapeHtml(model.sourceFileName()))
                .add("<pre>\n$L\n</pre>\n\n", equations)
                .add("<p>Inputs, targets and parameters are laid out in declaration order, row-major.\n")
                .add("Not thread-safe: use one instance per thread.\n")
                .add(derivativeEntryPointsNote())
                .build();
    }

    /** Which derivatives beyond the loss gradient the class offers, for its Javadoc. */
    private CodeBlock derivativeEntryPointsNote() {
        if (derivativeEntryPoints.isEmpty()) {
            return CodeBlock.of("\n<p>No derivative entry points beyond the loss gradient (docs/derivatives.md).\n");
        }
        String links = derivativeEntryPoints.stream().map(e -> "{@link #" + e.name() + "}").collect(Collectors.joining(", "));
        return CodeBlock.of("\n<p>Derivatives beyond the loss gradient (docs/derivatives.md): $L.\n", links);
    }

    /**
     * A derivative entry point: its arrays' lengths checked, its destination
     * zeroed where its slices leave gaps, then its values computed as any
     * entry point's are, reading the shared forward pass where there is one.
     */
    private List<MethodSpec> derivativeEntryPoint(DerivativeEntryPoint entryPoint) {
        List<ParameterSpec> arguments = entryPoint.arrays().stream()
                .map(array -> ParameterSpec.builder(double[].class, array.name()).build()).toList();
        MethodSpec.Builder method = MethodSpec.methodBuilder(entryPoint.name()).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(entryPoint.returnsLoss() ? double.class : void.class)
                .addParameters(arguments).addJavadoc(entryPoint.javadoc());
        CodeBlock.Builder checks = CodeBlock.builder();
        for (DerivativeEntryPoint.Array array : entryPoint.arrays()) {
            if (array.length() != null) {
                checks.addStatement("$T.require($N, $L, $S)", Lengths.class, array.name(), array.length(), array.name());
            }
        }
        if (!entryPoint.coversDestination()) {
            checks.addStatement("$T.fill($N, 0.0)", java.util.Arrays.class, entryPoint.destination());
        }
        return finish(method, arguments, checks.build(), entryPoint.sinks());
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("@", "&#64;").replace("*/", "*&#47;").replace("$", "$$");
    }

    private void constants() {
        constant("INPUT_SIZE", model.inputSize());
        constant("OUTPUT_SIZE", model.output().size());
        constant("TARGET_SIZE", model.targetSize());
        constant("PARAMETER_COUNT", model.parameterCount());
        for (Declaration parameter : model.parameters()) {
            constant(context.names.offsetConstant(parameter.name()), parameter.offset());
        }
    }

    private void constant(String name, int value) {
        type.addField(FieldSpec.builder(int.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", value).build());
    }

    private CodeBlock layout() {
        List<CodeBlock> entries = new ArrayList<>();
        for (Declaration parameter : model.parameters()) {
            String dimensions = parameter.shape().dimensions().stream().map(String::valueOf).collect(Collectors.joining(", "));
            // a const is the four-argument form; a param keeps the three-argument one, which means trainable
            entries.add(CodeBlock.of("new $T($S, $N, new int[] {$L}$L)", Parameter.class, parameter.name(),
                    context.names.offsetConstant(parameter.name()), dimensions, parameter.trainable() ? "" : ", false"));
        }
        return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(entries, ", "));
    }

    private void constructors() {
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Initialises the parameters with seed 0.\n")
                .addStatement("this(0L)").build());
        MethodSpec.Builder seeded = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("Runs every parameter's initialiser; the same seed gives the same parameters on every JVM.\n")
                .addParameter(long.class, "seed");
        Initialization.addTo(seeded, model.parameters(), context.names::offsetConstant);
        type.addMethod(seeded.build());
    }

    private void accessors() {
        getter("inputSize", int.class, "INPUT_SIZE");
        getter("outputSize", int.class, "OUTPUT_SIZE");
        getter("targetSize", int.class, "TARGET_SIZE");
        getter("parameterCount", int.class, "PARAMETER_COUNT");
        getter("parameters", double[].class, "parameters");
        getter("gradients", double[].class, "gradients");
        type.addMethod(MethodSpec.methodBuilder("parameterLayout").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(ParameterizedTypeName.get(List.class, Parameter.class))
                .addStatement("return LAYOUT").build());
    }

    private void getter(String name, Class<?> returnType, String value) {
        type.addMethod(MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returnType).addStatement("return $N", value).build());
    }

    /**
     * The forward pass, written once where it is large: when it takes part
     * methods of its own, {@code forward}, {@code loss} and the backward body
     * all call the same parts, which leave in the work array every value the
     * others read; a small forward pass is written into each entry point,
     * where its values stay in locals.
     *
     * @param sinks what the entry points after {@code forward} deliver
     */
    private MethodPlan sharedForward(List<Sink> sinks) {
        Node output = model.output();
        if (output.inputs().isEmpty()) {
            return null;
        }
        MethodPlan alone = new MethodPlan(List.of(), context.options, compact, MethodPlan.Kept.NONE, Set.of(output));
        if (alone.partCount == 0) {
            return null;
        }
        Set<Node> computed = alone.computed();
        List<Node> roots = new ArrayList<>(sinks.stream().map(Sink::value).toList());
        roots.add(model.loss());
        Set<Node> keep = new HashSet<>(List.of(output));
        for (Node node : Schedule.topological(roots, n -> computed.contains(n) ? List.of() : n.inputs())) {
            if (computed.contains(node)) {
                keep.add(node); // read by the loss or the backward pass
            }
        }
        return new MethodPlan(List.of(), context.options, compact, MethodPlan.Kept.NONE, keep);
    }

    private List<MethodSpec> forward() {
        List<ParameterSpec> arguments = List.of(ParameterSpec.builder(double[].class, "input").build(),
                ParameterSpec.builder(double[].class, "output").build());
        MethodSpec.Builder method = MethodSpec.methodBuilder("forward").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameters(arguments);
        CodeBlock checks = CodeBlock.builder()
                .addStatement("$T.require(input, INPUT_SIZE, $S)", Lengths.class, "input")
                .addStatement("$T.require(output, OUTPUT_SIZE, $S)", Lengths.class, "output").build();
        if (sharedForward == null) {
            return finish(method, arguments, checks, List.of(Sink.output(model.output())));
        }
        MethodSpec.Builder values = MethodSpec.methodBuilder("forwardValues").addModifiers(Modifier.PRIVATE)
                .addParameters(arguments.subList(0, 1))
                .addJavadoc("Computes the forward pass into the work array, for every entry point.\n");
        List<MethodSpec> parts = new MethodEmitter(context, sharedForward)
                .emit(values, arguments.subList(0, 1), CodeBlock.builder().build());
        forwardCalls = CodeBlock.builder().addStatement("$N(input)", "forwardValues").build();
        method.addCode(checks).addCode(forwardCalls)
                .addStatement("$T.arraycopy(this.$N, $L, output, 0, OUTPUT_SIZE)", System.class, Target.Work.ARRAY,
                        sharedForward.workOffset(model.output()));
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(method.build());
        methods.add(values.build());
        methods.addAll(parts);
        return methods;
    }

    private List<MethodSpec> loss() {
        List<ParameterSpec> arguments = lossArguments();
        MethodSpec.Builder method = MethodSpec.methodBuilder("loss").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(double.class).addParameters(arguments);
        return finish(method, arguments, lossChecks(), List.of(Sink.returned(model.loss())));
    }

    /**
     * {@code backward} and, where the model allows a fused step, {@code sgdStep}:
     * both call one private body that adds {@code scale} times the gradient to
     * a destination array, the gradients with scale 1 or the parameters with
     * scale -learningRate. Fused into the backward pass, as a hand-written loop
     * does it, each weight is stepped where its gradient is computed, so the
     * weights are read and written once and the gradient array is never
     * touched. Where a gradient is another parameter's value as it stands
     * (L = sum(W * V) gives dL/dV = W), stepping one would change the other's
     * step; such a model keeps the default {@link Model#sgdStep}, backward then
     * update, and its backward writes the gradients directly. A {@code const}
     * is never stepped, so a gradient that is one (L = sum(W * c) gives
     * dL/dW = c) does not stand in the way.
     */
    private List<MethodSpec> backwardAndStep(java.util.Optional<List<Sink>> steps) {
        MethodSpec.Builder backward = MethodSpec.methodBuilder("backward").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(double.class).addParameters(lossArguments())
                .addJavadoc("Adds dLoss/dParameters into {@link #gradients()} and returns the loss.\n");
        if (steps.isEmpty()) {
            return finish(backward, lossArguments(), lossChecks(), backwardSinks());
        }
        List<ParameterSpec> bodyArguments = new ArrayList<>(lossArguments());
        bodyArguments.add(ParameterSpec.builder(double[].class, Target.ParameterSlice.DESTINATION).build());
        bodyArguments.add(ParameterSpec.builder(double.class, Target.ParameterSlice.SCALE).build());
        MethodSpec.Builder body = MethodSpec.methodBuilder("addScaledGradient").addModifiers(Modifier.PRIVATE)
                .returns(double.class).addParameters(bodyArguments)
                .addJavadoc("Adds scale * dLoss/dParameters into dest, every weight after its last read, and returns the"
                        + " loss.\n");
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(backward.addCode(lossChecks())
                .addStatement("return $N(input, target, this.gradients, 1.0)", "addScaledGradient").build());
        methods.add(MethodSpec.methodBuilder("sgdStep").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(double.class).addParameters(lossArguments())
                .addParameter(double.class, "learningRate")
                .addJavadoc("Steps every parameter by -learningRate * dLoss/dParameter in one pass, without touching\n"
                        + "{@link #gradients()}, and returns the loss before the step.\n")
                .addCode(lossChecks())
                .addStatement("return $N(input, target, this.parameters, -learningRate)", "addScaledGradient").build());
        methods.addAll(finish(body, bodyArguments, CodeBlock.builder().build(), steps.get()));
        return methods;
    }

    /** The sinks of the body behind backward and sgdStep, or empty where the model allows no fused step. */
    private java.util.Optional<List<Sink>> fusedSteps() {
        List<Sink> steps = parameterSinks(Sink::step);
        Set<Node> stepped = steps.stream().map(Sink::parameter).collect(Collectors.toSet());
        if (steps.stream().anyMatch(sink -> stepped.contains(sink.value()))) {
            return java.util.Optional.empty();
        }
        steps.add(Sink.returned(model.loss()));
        return java.util.Optional.of(steps);
    }

    /** Every parameter's gradient, then the loss. */
    private List<Sink> backwardSinks() {
        List<Sink> sinks = parameterSinks(Sink::gradient);
        sinks.add(Sink.returned(model.loss()));
        return sinks;
    }

    @FunctionalInterface
    private interface SinkKind {
        Sink of(Node parameter, Node gradient, String offsetConstant);
    }

    /** One sink per parameter whose gradient is not structurally zero, in declaration order. */
    private List<Sink> parameterSinks(SinkKind kind) {
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < model.parameters().size(); i++) {
            Node parameter = model.parameterNodes().get(i);
            Node gradient = derivative.gradients().get(parameter);
            if (gradient != null) {
                sinks.add(kind.of(parameter, gradient, context.names.offsetConstant(model.parameters().get(i).name())));
            }
        }
        return sinks;
    }

    private static List<ParameterSpec> lossArguments() {
        return List.of(ParameterSpec.builder(double[].class, "input").build(),
                ParameterSpec.builder(double[].class, "target").build());
    }

    private CodeBlock lossChecks() {
        CodeBlock.Builder checks = CodeBlock.builder().addStatement("$T.require(input, INPUT_SIZE, $S)", Lengths.class, "input");
        if (model.targetSize() > 0) {
            checks.addStatement("$T.require(target, TARGET_SIZE, $S)", Lengths.class, "target");
        }
        return checks.build();
    }

    private List<MethodSpec> finish(MethodSpec.Builder method, List<ParameterSpec> arguments, CodeBlock checks,
            List<Sink> sinks) {
        List<MethodSpec> methods = new ArrayList<>();
        MethodPlan plan = new MethodPlan(sinks, context.options, compact,
                sharedForward == null ? MethodPlan.Kept.NONE : sharedForward.kept(), Set.of());
        CodeBlock prologue = CodeBlock.builder().add(checks).add(forwardCalls).build();
        List<MethodSpec> parts = new MethodEmitter(context, plan).emit(method, arguments, prologue);
        methods.add(method.build());
        methods.addAll(parts);
        return methods;
    }
}
