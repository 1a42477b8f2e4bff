package dev.dslc.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.ir.Literals;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.runtime.Initializers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** What the methods of one generated class share: names, work fields, and the chain-rule notes. */
final class ClassContext {
    final Names names;
    final EmitOptions options;
    private final ReverseMode.Result derivative;
    private final Map<Node, Node> adjointOf;
    private final Map<String, FieldSpec> fields = new LinkedHashMap<>();
    private final Map<Node, String> constantArrays = new LinkedHashMap<>();
    private final CodeBlock.Builder staticInitializer = CodeBlock.builder();
    private String rowBufferName;
    private int rowBufferSize;
    private String vectorSpecies;
    private int workSize;
    /** Shared kernels by what identifies them, with their methods in the order they were made. */
    private final Map<String, String> kernelNames = new LinkedHashMap<>();
    private final List<com.palantir.javapoet.MethodSpec> kernelMethods = new java.util.ArrayList<>();

    ClassContext(Names names, ReverseMode.Result derivative, Map<Node, Node> adjointOf, EmitOptions options) {
        this.names = names;
        this.options = options;
        this.derivative = derivative;
        this.adjointOf = adjointOf;
    }

    /**
     * The call of a shared kernel from a method with {@code callerArguments}:
     * the caller's own arguments, then the kernel's offsets and scalars. The
     * kernel's method is made on first use.
     */
    CodeBlock callKernel(SharedKernel kernel, List<com.palantir.javapoet.ParameterSpec> callerArguments) {
        SharedKernel.KernelArguments arguments = kernel.arguments();
        String name = kernelNames.computeIfAbsent(kernel.key(callerArguments), key -> {
            List<com.palantir.javapoet.ParameterSpec> extra = new java.util.ArrayList<>();
            arguments.offsets.values().forEach(offset -> extra.add(com.palantir.javapoet.ParameterSpec.builder(int.class, offset).build()));
            arguments.values.values().forEach(value -> extra.add(com.palantir.javapoet.ParameterSpec.builder(double.class, value).build()));
            return addKernelMethod("kernel" + kernelNames.size(), callerArguments, extra, kernel.body(),
                    arguments.readsParameters, arguments.writesGradients, arguments.usesWork);
        });
        List<String> passed = new java.util.ArrayList<>();
        arguments.offsets.keySet().forEach(offset -> passed.add(String.valueOf(offset)));
        passed.addAll(arguments.values.keySet());
        return callOf(name, callerArguments, passed);
    }

    /**
     * Adds a private method that kernels call, and returns its name: the
     * caller's arguments, then {@code extra}; its code is {@code body} with the
     * array locals it uses.
     */
    String addKernelMethod(String name, List<com.palantir.javapoet.ParameterSpec> callerArguments,
            List<com.palantir.javapoet.ParameterSpec> extra, CodeBlock body, boolean readsParameters,
            boolean writesGradients, boolean usesWork) {
        String unique = names.unique(name);
        kernelMethods.add(com.palantir.javapoet.MethodSpec.methodBuilder(unique)
                .addModifiers(Modifier.PRIVATE)
                .addParameters(callerArguments)
                .addParameters(extra)
                .addCode(withArrayLocals(body, readsParameters, writesGradients, usesWork))
                .build());
        return unique;
    }

    /** The call of a kernel method from a method with {@code callerArguments}: those, then {@code extra}. */
    static CodeBlock callOf(String name, List<com.palantir.javapoet.ParameterSpec> callerArguments, List<String> extra) {
        List<String> passed = new java.util.ArrayList<>(callerArguments.stream().map(p -> p.name()).toList());
        passed.addAll(extra);
        return CodeBlock.of("$N($L)", name, String.join(", ", passed));
    }

    /** The methods of the shared kernels and of the kernels called per row group. */
    List<com.palantir.javapoet.MethodSpec> kernelMethods() {
        return kernelMethods;
    }

    /** The work array holds at least {@code size} elements: every method's plan asks for what it needs. */
    void needWork(int size) {
        workSize = Math.max(workSize, size);
    }

    /** A static array for a constant tensor that a loop indexes, decoded once when the class loads. */
    String constantArray(Node node) {
        return constantArrays.computeIfAbsent(node, n -> {
            String name = names.unique("CONSTANT_" + names.of(n).toUpperCase(java.util.Locale.ROOT));
            fields.put(name, FieldSpec.builder(double[].class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("new double[$L]", n.size()).build());
            List<Double> values = ((Op.Constant) n.op()).values();
            for (int start = 0; start < values.size(); start += LiteralStrings.NUMBERS_PER_STRING) {
                staticInitializer.addStatement("$T.literal($N, $L, $S)", Initializers.class, name, start,
                        LiteralStrings.encode(values.subList(start, Math.min(values.size(), start + LiteralStrings.NUMBERS_PER_STRING))));
            }
            return name;
        });
    }

    /**
     * Reads element {@code index} of a leaf: a literal for a constant index
     * or a uniform constant, else the constant's static array, or the input,
     * target parameter or direction array at the variable's offset.
     */
    CodeBlock leaf(Node node, Index index) {
        if (node.op() instanceof Op.Constant constant) {
            if (index.isConstant() || constant.values().stream().distinct().count() == 1) {
                return Literals.of(constant.values().get(index.isConstant() ? index.constant() : 0));
            }
        }
        return leafArray(node, index).read();
    }

    /**
     * Element {@code index} of a leaf as an array element: the input, target
     * parameter or direction array at the variable's offset, or a constant's static
     * array; null for a uniform constant, which no array holds.
     */
    ArrayElement leafArray(Node node, Index index) {
        if (node.op() instanceof Op.Constant constant) {
            return constant.values().stream().distinct().count() == 1 ? null
                    : new ArrayElement(constantArray(node), index.render(null));
        }
        Op.Variable variable = (Op.Variable) node.op();
        return switch (variable.kind()) {
            case INPUT -> new ArrayElement("input", index.plus(variable.offset()).render(null));
            case TARGET -> new ArrayElement("target", index.plus(variable.offset()).render(null));
            case PARAMETER -> new ArrayElement("param", index.render(names.offsetConstant(variable.name())));
            case DIRECTION -> new ArrayElement(DerivativeEntryPoint.DIRECTION, index.render(names.offsetConstant(variable.name())));
        };
    }

    /**
     * The static {@code VectorSpecies<Double>} field vector kernels use,
     * declared on first use: the platform's preferred width (8 doubles with
     * AVX-512, 4 with AVX2), chosen when the class loads.
     */
    String vectorSpecies() {
        if (vectorSpecies == null) {
            vectorSpecies = names.unique("SPECIES");
            fields.put(vectorSpecies, FieldSpec.builder(
                            ParameterizedTypeName.get(VectorApi.SPECIES, ClassName.get(Double.class)), vectorSpecies,
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.SPECIES_PREFERRED", VectorApi.DOUBLE_VECTOR).build());
        }
        return vectorSpecies;
    }

    /**
     * A method body with the array locals its statements use declared first
     * ({@code param} and {@code grad}: a local is cheaper to read than a field).
     */
    static CodeBlock withArrayLocals(CodeBlock body, boolean readsParameters, boolean writesGradients) {
        return withArrayLocals(body, readsParameters, writesGradients, false);
    }

    /** The same, with the work array's local too when the statements use it. */
    static CodeBlock withArrayLocals(CodeBlock body, boolean readsParameters, boolean writesGradients, boolean usesWork) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (usesWork) {
            code.addStatement("final double[] $N = this.$N", Target.Work.ARRAY, Target.Work.ARRAY);
        }
        if (readsParameters) {
            code.addStatement("final double[] param = this.parameters");
        }
        if (writesGradients) {
            code.addStatement("final double[] grad = this.gradients");
        }
        return code.add(body).build();
    }

    /** The statements of the units a plan assigned to {@code part} (-1: the public method), in order. */
    static <U> CodeBlock unitsOf(int part, List<U> units, List<Integer> parts,
            java.util.function.BiConsumer<U, CodeBlock.Builder> emit) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int u = 0; u < units.size(); u++) {
            if (parts.get(u) == part) {
                emit.accept(units.get(u), code);
            }
        }
        return code.build();
    }

    /** Calls one method makes, at most: a call is about 8 bytes of bytecode, and a method stays under 8,000. */
    static final int MAX_CALLS = 100;

    /**
     * The methods a caller calls to run {@code parts} in order: the parts
     * themselves, or, past {@link #MAX_CALLS}, methods that each call up to
     * that many of them (and so on up), which are added to {@code into}.
     */
    static List<com.palantir.javapoet.MethodSpec> inGroups(String name, List<com.palantir.javapoet.MethodSpec> parts,
            List<com.palantir.javapoet.ParameterSpec> arguments, List<com.palantir.javapoet.MethodSpec> into) {
        String argumentNames = String.join(", ", arguments.stream().map(p -> p.name()).toList());
        List<com.palantir.javapoet.MethodSpec> callees = parts;
        for (int level = 0; callees.size() > MAX_CALLS; level++) {
            List<com.palantir.javapoet.MethodSpec> groups = new java.util.ArrayList<>();
            for (int first = 0; first < callees.size(); first += MAX_CALLS) {
                com.palantir.javapoet.MethodSpec.Builder group = com.palantir.javapoet.MethodSpec
                        .methodBuilder(name + "Group" + (level == 0 ? "" : level + "_") + groups.size())
                        .addModifiers(Modifier.PRIVATE).addParameters(arguments);
                callees.subList(first, Math.min(callees.size(), first + MAX_CALLS))
                        .forEach(callee -> group.addStatement("$N($L)", callee, argumentNames));
                groups.add(group.build());
            }
            into.addAll(groups);
            callees = groups;
        }
        return callees;
    }

    /** A private work array declared once: {@code double[] name = new double[size]}. */
    String array(String name, int size) {
        fields.computeIfAbsent(name, n -> FieldSpec.builder(double[].class, n, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new double[$L]", size).build());
        return name;
    }

    /** A private work matrix declared once: {@code double[][] name = new double[rows][columns]}. */
    String matrix(String name, Object rows, Object columns) {
        fields.computeIfAbsent(name, n -> FieldSpec.builder(double[][].class, n, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new double[$L][$L]", rows, columns).build());
        return name;
    }

    /** A private int field, zero at first, that counts something for the object's lifetime. */
    String counter(String name) {
        String unique = names.unique(name);
        fields.put(unique, FieldSpec.builder(int.class, unique, Modifier.PRIVATE).build());
        return unique;
    }

    /**
     * The one work array that gradient rows are copied into for vectorised
     * accumulation; declared at the largest size any kernel asks for.
     */
    String rowBuffer(int size) {
        if (rowBufferName == null) {
            rowBufferName = names.unique("rowBuffer");
        }
        rowBufferSize = Math.max(rowBufferSize, size);
        return rowBufferName;
    }

    Iterable<FieldSpec> fields() {
        if (rowBufferName != null) {
            array(rowBufferName, rowBufferSize);
        }
        if (workSize > 0) {
            array(Target.Work.ARRAY, workSize);
        }
        return fields.values();
    }

    CodeBlock staticInitializer() {
        return staticInitializer.build();
    }

    /** {@code dL/dz2 = dL/da2 * sigmoid'(z2)} for the adjoint a node holds, or null if it holds none. */
    String chainRuleNote(Node adjoint) {
        Node primal = adjointOf.get(adjoint);
        if (primal == null) {
            return null;
        }
        String terms = derivative.contributions().getOrDefault(primal, List.of()).stream()
                .map(c -> c.user().op().adjointNote(c.inputIndex(), names.display(c.user()),
                        c.user().inputs().stream().map(names::display).toList()))
                .collect(Collectors.joining(" + "));
        return "dL/d" + names.display(primal) + " = " + terms;
    }
}
