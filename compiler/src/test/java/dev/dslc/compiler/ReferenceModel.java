package dev.dslc.compiler;

import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.check.Checker;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Interpreter;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.LoweredModel;
import dev.dslc.compiler.lower.Lowering;
import dev.dslc.compiler.opt.Rewrites;
import dev.dslc.compiler.syntax.Parser;
import dev.dslc.compiler.syntax.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's IR (forward and derivative, exactly as {@link Compiler} builds it)
 * evaluated by the {@link Interpreter}: the oracle that generated code is
 * compared with.
 *
 * <pre>{@code
 * ReferenceModel reference = ReferenceModel.of(source);
 * ReferenceModel.Values values = reference.evaluate(input, target, model.parameters());
 * assertEquals(values.loss(), model.loss(input, target), 1e-12);
 * }</pre>
 */
final class ReferenceModel {

    /** What the interpreter gives for one point. */
    record Values(double loss, double[] output, double[] gradient) {
    }

    private final Program program;
    private final LoweredModel lowered;
    private final ReverseMode.Result derivative;
    private Derivatives more;

    private ReferenceModel(Program program, LoweredModel lowered, ReverseMode.Result derivative) {
        this.program = program;
        this.lowered = lowered;
        this.derivative = derivative;
    }

    static ReferenceModel of(String source) {
        SourceFile file = new SourceFile("reference.nn", source);
        Program program = Parser.parse(file).program().orElseThrow(() -> new AssertionError("does not parse"));
        Checker.Result checked = Checker.check(file, program);
        LoweredModel lowered = Lowering.lower(checked.model().orElseThrow(
                () -> new AssertionError("does not check: " + checked.diagnostics())), new Graph(new Rewrites()));
        ReverseMode.Result derivative = ReverseMode.differentiate(lowered.graph(), lowered.loss(), lowered.trainableNodes());
        return new ReferenceModel(program, lowered, derivative);
    }

    Program program() {
        return program;
    }

    LoweredModel lowered() {
        return lowered;
    }

    /** The loss's derivative with respect to the parameters, as backward computes it. */
    ReverseMode.Result derivative() {
        return derivative;
    }

    /** Every node the output, the loss and the parameters' gradients are computed from. */
    List<Node> nodes() {
        return Schedule.topological(roots());
    }

    Values evaluate(double[] input, double[] target, double[] parameters) {
        Map<Node, double[]> values = new Interpreter(input, target, parameters).evaluate(roots());
        double[] gradient = new double[lowered.parameterCount()];
        for (int i = 0; i < lowered.parameters().size(); i++) {
            Node node = derivative.gradients().get(lowered.parameterNodes().get(i));
            if (node != null) {
                double[] value = values.get(node);
                System.arraycopy(value, 0, gradient, lowered.parameters().get(i).offset(), value.length);
            }
        }
        return new Values(values.get(lowered.loss())[0], values.get(lowered.output()), gradient);
    }

    /** The derivatives beyond the loss gradient, all three, built on this model's graph as the compiler builds them. */
    Derivatives more() {
        if (more == null) {
            more = Derivatives.build(lowered.graph(), lowered.loss(), lowered.output(), lowered.inputNodes(),
                    lowered.trainableNodes(), derivative, Long.MAX_VALUE, Integer.MAX_VALUE);
        }
        return more;
    }

    /** dLoss/dInput, laid out as the input. */
    double[] inputGradient(double[] input, double[] target, double[] parameters) {
        Map<Node, Node> gradients = more().inputGradient().orElseThrow();
        Map<Node, double[]> values = new Interpreter(input, target, parameters).evaluate(List.copyOf(gradients.values()));
        double[] result = new double[lowered.inputSize()];
        List<Node> inputs = lowered.inputNodes();
        for (int i = 0; i < inputs.size(); i++) {
            Node node = gradients.get(inputs.get(i));
            if (node != null) {
                System.arraycopy(values.get(node), 0, result, lowered.inputs().get(i).offset(), node.size());
            }
        }
        return result;
    }

    /** dOutput/dInput, row-major. */
    double[] jacobian(double[] input, double[] parameters) {
        List<Map<Node, Node>> rows = more().jacobianRows().orElseThrow();
        List<Node> roots = rows.stream().flatMap(row -> row.values().stream()).toList();
        Map<Node, double[]> values = new Interpreter(input, new double[lowered.targetSize()], parameters).evaluate(roots);
        int width = lowered.inputSize();
        double[] result = new double[rows.size() * width];
        List<Node> inputs = lowered.inputNodes();
        for (int k = 0; k < rows.size(); k++) {
            for (int i = 0; i < inputs.size(); i++) {
                Node node = rows.get(k).get(inputs.get(i));
                if (node != null) {
                    System.arraycopy(values.get(node), 0, result, k * width + lowered.inputs().get(i).offset(), node.size());
                }
            }
        }
        return result;
    }

    /** (d2 Loss / dParameters2) v, laid out as the parameters. */
    double[] hessianVectorProduct(double[] input, double[] target, double[] parameters, double[] v) {
        Map<Node, Node> products = more().hessianVectorProduct().orElseThrow().products();
        Map<Node, double[]> values = new Interpreter(input, target, parameters, v).evaluate(List.copyOf(products.values()));
        double[] result = new double[lowered.parameterCount()];
        for (int i = 0; i < lowered.parameters().size(); i++) {
            Node node = products.get(lowered.parameterNodes().get(i));
            if (node != null) {
                System.arraycopy(values.get(node), 0, result, lowered.parameters().get(i).offset(), node.size());
            }
        }
        return result;
    }

    private List<Node> roots() {
        List<Node> roots = new ArrayList<>(List.of(lowered.output(), lowered.loss()));
        roots.addAll(derivative.gradients().values());
        return roots;
    }
}
