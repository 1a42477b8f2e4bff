package dev.dslc.compiler;

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

    private List<Node> roots() {
        List<Node> roots = new ArrayList<>(List.of(lowered.output(), lowered.loss()));
        roots.addAll(derivative.gradients().values());
        return roots;
    }
}
