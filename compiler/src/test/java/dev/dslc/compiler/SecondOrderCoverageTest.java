package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.Derivative;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The "grad:" cases of {@link SecondOrderCases} differentiate every operator
 * twice: every op, function, arithmetic kind and matrix-product form occurs in
 * the graph of some {@code grad(e, x)} at a node that {@code backward} then
 * differentiates (it has an adjoint dL/dnode), so {@link OperatorGradientTest}
 * checks its derivative's derivative. (A function whose derivative is another
 * function of x, such as softplus' = sigmoid, is covered through that one.)
 */
class SecondOrderCoverageTest {

    @Test
    void everyOpFunctionAndProductIsDifferentiatedTwice() {
        Set<Object> covered = new LinkedHashSet<>();
        for (OperatorCases.Case c : OperatorCases.all()) {
            if (!c.name().startsWith("grad: ")) {
                continue;
            }
            ReferenceModel reference = ReferenceModel.of(c.source());
            for (Derivative derivative : reference.lowered().derivatives()) {
                for (Node node : Schedule.topological(List.of(derivative.result()))) {
                    if (reference.derivative().adjoints().containsKey(node)) {
                        covered.add(node.op().getClass());
                        if (node.op() instanceof Map1 map) {
                            covered.add(map.fn());
                        } else if (node.op() instanceof Map2 map) {
                            covered.add(map.kind());
                        } else if (node.op() instanceof MatMul) {
                            covered.add(node.op());
                        }
                    }
                }
            }
        }
        List<Object> required = new ArrayList<>(List.of(Op.class.getPermittedSubclasses()));
        required.remove(Op.Variable.class);
        required.remove(Op.Constant.class);
        required.addAll(List.of(Fn.values()));
        // Their derivatives read x, not their own value, and are other functions, required here in turn:
        // sign(x), step(x), leaky_step(x), sigmoid(x), 2 * x (each has its own case in SecondOrderCases).
        required.removeAll(List.of(Fn.ABS, Fn.RELU, Fn.LEAKY_RELU, Fn.SOFTPLUS, Fn.SQUARE));
        required.addAll(List.of(Map2.Kind.values()));
        for (boolean left : new boolean[] {false, true}) {
            for (boolean right : new boolean[] {false, true}) {
                required.add(new MatMul(left, right));
            }
        }
        required.removeAll(covered);
        assertEquals(List.of(), required.stream().map(r -> r instanceof Class<?> type ? type.getSimpleName() : r).toList(),
                "never differentiated twice by a grad: case");
    }
}
