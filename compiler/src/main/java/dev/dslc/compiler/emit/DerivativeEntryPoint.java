package dev.dslc.compiler.emit;

import com.palantir.javapoet.ClassName;
import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.lower.LoweredModel;
import dev.dslc.runtime.ModelDerivatives;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One public method beyond the loss gradient (docs/derivatives.md): the
 * arrays it takes, each with the length it must have, and the sinks it
 * delivers. Its last array is the caller's destination; where the sinks do
 * not cover all of it (a structurally zero slice, a {@code const}), the
 * method zeroes it first.
 *
 * @param arrays the method's {@code double[]} parameters, in order
 * @param size   the destination's length
 */
record DerivativeEntryPoint(String name, String javadoc, List<Array> arrays, int size, List<Sink> sinks) {

    /** The runtime interface the method implements: {@code ModelDerivatives.InputGradient} for inputGradient. */
    ClassName contract() {
        return ClassName.get(ModelDerivatives.class).nestedClass(Character.toUpperCase(name.charAt(0)) + name.substring(1));
    }

    /** A {@code double[]} parameter and the constant expression its length must equal, or null for any length. */
    record Array(String name, String length) {
    }

    /** The direction argument of {@code hessianVectorProduct}, read as its direction leaves are. */
    static final String DIRECTION = "v";

    String destination() {
        return arrays.get(arrays.size() - 1).name();
    }

    boolean returnsLoss() {
        return sinks.stream().anyMatch(s -> s.kind() == Sink.Kind.RETURN);
    }

    /** True when the sinks write every element of the destination. */
    boolean coversDestination() {
        return sinks.stream().filter(s -> s.kind() == Sink.Kind.INTO).mapToInt(s -> s.value().size()).sum() == size;
    }

    /** Every value the method computes. */
    List<Node> roots() {
        return sinks.stream().map(Sink::value).toList();
    }

    /**
     * The entry points {@code more} holds, in the order the class declares them.
     *
     * @param offsetConstant the class constant naming a parameter's offset, by the parameter's name
     */
    static List<DerivativeEntryPoint> all(LoweredModel model, Derivatives more, UnaryOperator<String> offsetConstant) {
        List<DerivativeEntryPoint> entryPoints = new ArrayList<>();
        int inputSize = model.inputSize();
        List<Node> inputNodes = model.inputNodes();
        more.inputGradient().ifPresent(gradients -> {
            List<Sink> sinks = inputSlices(model, inputNodes, gradients, "dInput", 0);
            sinks.add(Sink.returned(model.loss()));
            entryPoints.add(new DerivativeEntryPoint("inputGradient",
                    "Writes dLoss/dInput into {@code dInput} (INPUT_SIZE, laid out as the input) and returns the loss.\n",
                    lossArrays(model, new Array("dInput", "INPUT_SIZE")), inputSize, sinks));
        });
        more.jacobianRows().ifPresent(rows -> {
            List<Sink> sinks = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                sinks.addAll(inputSlices(model, inputNodes, rows.get(k), "jac", k * inputSize));
            }
            entryPoints.add(new DerivativeEntryPoint("jacobian",
                    "Writes dOutput/dInput into {@code jac}, OUTPUT_SIZE rows of INPUT_SIZE, row-major:\n"
                            + "{@code jac[k * INPUT_SIZE + i]} is d output[k] / d input[i].\n",
                    List.of(new Array("input", "INPUT_SIZE"), new Array("jac", "OUTPUT_SIZE * INPUT_SIZE")),
                    model.output().size() * inputSize, sinks));
        });
        more.hessianVectorProduct().ifPresent(product -> {
            List<Sink> sinks = new ArrayList<>();
            for (int i = 0; i < model.parameters().size(); i++) {
                Declaration parameter = model.parameters().get(i);
                Node value = product.products().get(model.parameterNodes().get(i));
                if (value != null) {
                    sinks.add(Sink.into(value, "hv", offsetConstant.apply(parameter.name()), parameter.offset()));
                }
            }
            sinks.add(Sink.returned(model.loss()));
            entryPoints.add(new DerivativeEntryPoint("hessianVectorProduct",
                    "Writes (d2 Loss / dParameters2) v into {@code hv}, both laid out as the parameters, and returns\n"
                            + "the loss. A {@code const} parameter is held fixed: its slice of {@code v} is not read and\n"
                            + "its slice of {@code hv} is zero.\n",
                    lossArrays(model, new Array(DIRECTION, "PARAMETER_COUNT"), new Array("hv", "PARAMETER_COUNT")),
                    model.parameterCount(), sinks));
        });
        return entryPoints;
    }

    private static List<Sink> inputSlices(LoweredModel model, List<Node> inputNodes, Map<Node, Node> gradients,
            String array, int rowOffset) {
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < inputNodes.size(); i++) {
            Node gradient = gradients.get(inputNodes.get(i));
            if (gradient != null) {
                sinks.add(Sink.into(gradient, array, null, rowOffset + model.inputs().get(i).offset()));
            }
        }
        return sinks;
    }

    /** {@code input} and {@code target}, as {@code loss} takes them (a model without targets takes any), then the rest. */
    private static List<Array> lossArrays(LoweredModel model, Array... rest) {
        List<Array> arrays = new ArrayList<>(List.of(new Array("input", "INPUT_SIZE"),
                new Array("target", model.targetSize() > 0 ? "TARGET_SIZE" : null)));
        arrays.addAll(List.of(rest));
        return arrays;
    }
}
