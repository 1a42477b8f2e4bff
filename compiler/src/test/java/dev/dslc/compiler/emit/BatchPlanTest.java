package dev.dslc.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.TestModels;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The row table of backwardBatch: values alive at the same time never share a row. */
class BatchPlanTest {

    @ParameterizedTest
    @ValueSource(strings = {"xor.nn", "seed221.nn", "dense", "every operation", "matrix products"})
    void valuesAliveAtOnce_haveDisjointRows(String model) {
        BatchPlan plan = plan(source(model));
        Map<Node, Integer> defined = new HashMap<>();
        Map<Node, Integer> lastRead = new HashMap<>();
        plan.examples.forEach(variable -> defined.put(variable, -1));
        for (int u = 0; u < plan.units.size(); u++) {
            BatchPlan.Unit unit = plan.units.get(u);
            if (unit.compute() != null) {
                defined.put(unit.compute(), u);
            }
            for (Node read : reads(plan, unit)) {
                lastRead.put(read, u);
            }
        }
        lastRead.put(plan.loss, Integer.MAX_VALUE);

        List<Node> stored = new ArrayList<>(defined.keySet());
        for (Node a : stored) {
            for (Node b : stored) {
                boolean bothAlive = a != b && defined.get(a) <= lastRead.getOrDefault(b, defined.get(b))
                        && defined.get(b) <= lastRead.getOrDefault(a, defined.get(a));
                if (bothAlive) {
                    int aFirst = plan.firstRow.get(a);
                    int bFirst = plan.firstRow.get(b);
                    boolean overlap = aFirst < bFirst + b.size() && bFirst < aFirst + a.size();
                    assertFalse(overlap, a + " at rows " + aFirst + " and " + b + " at rows " + bFirst);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense"})
    void denseLayers_sumTheirWeightGradientsAsOuterProducts_andShareRows(String model) {
        BatchPlan plan = plan(source(model));

        assertEquals(2, plan.fusedOuters.size());
        int stored = plan.units.stream().filter(u -> u.compute() != null).mapToInt(u -> u.compute().size()).sum();
        assertTrue(plan.rowCount < stored, plan.rowCount + " rows for " + stored + " stored elements");
    }

    private static List<Node> reads(BatchPlan plan, BatchPlan.Unit unit) {
        if (unit.compute() != null) {
            return unit.compute().inputs();
        }
        Node value = unit.sink().value();
        return plan.fusedOuters.contains(value) ? value.inputs() : List.of(value);
    }

    private static String source(String model) {
        return switch (model) {
            case "dense" -> BatchedBackwardTest.DENSE_64_32_10;
            case "every operation" -> BatchedBackwardTest.EVERY_OPERATION;
            case "matrix products" -> BatchedBackwardTest.MATRIX_PRODUCTS;
            default -> TestModels.sampleSource(model);
        };
    }

    /** The plan backwardBatch is written from: every parameter's gradient, then the loss. */
    static BatchPlan plan(String source) {
        Compiler.Differentiated model = Compiler.analyze(new SourceFile("model.nn", source)).differentiated().orElseThrow();
        List<Sink> sinks = new ArrayList<>();
        for (Node parameter : model.model().parameterNodes()) {
            Node gradient = model.derivative().gradients().get(parameter);
            if (gradient != null) {
                sinks.add(Sink.gradient(parameter, gradient, ((Op.Variable) parameter.op()).name() + "_OFFSET"));
            }
        }
        sinks.add(Sink.returned(model.model().loss()));
        return new BatchPlan(sinks);
    }
}
