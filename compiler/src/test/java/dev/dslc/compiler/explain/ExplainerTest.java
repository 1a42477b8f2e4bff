package dev.dslc.compiler.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.TestModels;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.explain.Explanation.NodeView;
import dev.dslc.compiler.explain.Explanation.Pass;
import dev.dslc.compiler.explain.Explanation.Step;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What the explain page is given: the steps, their text, the drawing, and numbers equal to the generated class's. */
class ExplainerTest {
    private static final double EXACT = 1e-12;

    /** Many operators at once: scalars broadcast, indexing, transposes, reductions, the fused losses. */
    private static final String MIXED = """
            model Mixed
            input  x[3]
            input  t
            target y[2]
            param  W[2, 3] ~ normal(0, 0.5)
            param  s = 0.7
            param  V[3, 2] ~ uniform(-1, 1)
            u = leaky_relu(W @ x * s - t, 0.1)
            v = V' @ x + V[1] / (1 + exp(-x[2]))
            m = max(u) + mean(softplus(v)) - min(abs(u)) + dot(u, v) * 0.01
            output softmax(u + v)
            loss   softmax_cross_entropy(u + v, y) + 0.1 * m ^ 2 + mse(tanh(v), y) + sum(sqrt(square(u) + 1))
            """;

    /** A loss with du/dt in it, as in samples/decay.nn, small enough to write its steps out. */
    private static final String GRAD = """
            input t
            param W1[3] = [0.5, -1, 2]
            param b1[3] = [0.1, 0.2, -0.3]
            param w2[3] = [1, -0.5, 0.25]
            h = tanh(W1 * t + b1)
            u = w2 @ h
            output u
            loss square(grad(u, t) + u)
            """;

    @Test
    void seed221_stepsReadLikeTheTutorial() {
        Explanation explanation = Explanations.explain(TestModels.sampleSource("seed221.nn"), new double[] {0.5, 0.3},
                new double[] {0.8});
        List<String> forward = lines(explanation, Pass.FORWARD);
        assertEquals(List.of("matmul1 = W1 @ x", "z1 = matmul1 + b1", "a1 = sigmoid(z1)", "matmul2 = W2 @ a1",
                "z2 = matmul2 + b2", "a2 = sigmoid(z2)", "sub1 = a2 - y", "pow1 = sub1^2", "sum1 = sum(pow1)",
                "L = 0.5 * sum1"), forward);
        List<String> backward = lines(explanation, Pass.BACKWARD);
        assertEquals(List.of("dL/dL = 1", "dL/dsum1 = dL/dL * 0.5", "dL/dpow1 = dL/dsum1 for every element",
                "dL/dsub1 = dL/dpow1 * pow'(sub1)", "dL/da2 = dL/dsub1", "dL/dz2 = dL/da2 * sigmoid'(z2)",
                "dL/db2 = dL/dz2", "dL/dmatmul2 = dL/dz2", "dL/dW2 = dL/dmatmul2 @ a1^T",
                "dL/da1 = W2^T @ dL/dmatmul2", "dL/dz1 = dL/da1 * sigmoid'(z1)", "dL/db1 = dL/dz1",
                "dL/dmatmul1 = dL/dz1", "dL/dW1 = dL/dmatmul1 @ x^T"), backward);
    }

    @Test
    void seed221_valuesAreTheSpecsExactOnes() {
        Explanation explanation = Explanations.explain(TestModels.sampleSource("seed221.nn"), new double[] {0.5, 0.3},
                new double[] {0.8});
        assertEquals(0.004288350124572849, value(explanation, "L", false)[0], 0);
        assertArrayEquals(new double[] {-0.011245109366107061, -0.011796539843753721}, value(explanation, "W2", true));
        assertArrayEquals(new double[] {-0.019169404003987055}, value(explanation, "b2", true));
        double[] w1 = value(explanation, "W1", true);
        assertArrayEquals(new double[] {-0.001394559160530223, -0.0008367354963181339}, Arrays.copyOf(w1, 2));
    }

    @Test
    void seed221_substitutesNumbersIntoTheChainRule() {
        Explanation explanation = Explanations.explain(TestModels.sampleSource("seed221.nn"), new double[] {0.5, 0.3},
                new double[] {0.8});
        Step dz2 = step(explanation, "dL/dz2");
        // dL/da2 * sigmoid'(z2), with sigmoid'(z2) as the number the rule computed: a2 (1 - a2).
        assertEquals(3, dz2.numeric().size(), dz2.numeric().toString());
        Part.Value factor = (Part.Value) dz2.numeric().get(2);
        double a2 = value(explanation, "a2", false)[0];
        assertEquals(a2 * (1 - a2), explanation.values().get(factor.key()).data()[0], EXACT);
        assertEquals(List.of(), step(explanation, "dL/db2").numeric(), "dL/db2 = dL/dz2 needs no second copy");
    }

    @Test
    void preActivationsAreNamedAfterTheirActivation() {
        Explanation seed = Explanations.explain(TestModels.sampleSource("seed221.nn"), new double[] {0.5, 0.3},
                new double[] {0.8});
        assertTrue(names(seed).containsAll(Set.of("z1", "z2", "a1", "a2", "L")), names(seed).toString());
        Explanation xor = Explanations.explain(TestModels.sampleSource("xor.nn"), new double[] {1, 0}, new double[] {1});
        assertTrue(names(xor).containsAll(Set.of("z_h", "z_p", "h", "p")), names(xor).toString());
    }

    @Test
    void grad_showsItsNodesAsChainRuleSteps_inTheForwardPass() {
        Explanation explanation = Explanations.explain(GRAD, new double[] {0.5}, new double[0]);
        assertEquals(List.of("mul1 = W1 * t", "z_h = mul1 + b1", "h = tanh(z_h)", "u = w2 @ h", "mul2 = h * h",
                "tanh'(z_h) = 1 - mul2", "du/dz_h = du/dh * tanh'(z_h)", "mul3 = du/dz_h * W1",
                "du/dt = sum(du/dmul1 * W1)", "add1 = du/dt + u", "L = square(add1)"), lines(explanation, Pass.FORWARD));
        List<String> backward = lines(explanation, Pass.BACKWARD);
        assertTrue(backward.contains("dL/d(du/dt) = dL/dadd1"), backward.toString());
        assertTrue(backward.contains("dL/d(du/dz_h) = dL/dmul3 * W1"), backward.toString());
        assertTrue(backward.contains("dL/dW1 = dL/dmul3 * du/dz_h + dL/dmul1 * t"), backward.toString());
    }

    @Test
    void gradOfGrad_andOfAnUnnamedExpression_areNamedAfterWhatTheyDifferentiate() {
        Explanation explanation = Explanations.explain("""
                input t
                input x[2]
                param w[2] = [0.5, -1]
                u = sin(w @ x * t)
                output grad(grad(u, t), t)
                loss sum(grad(sum(tanh(x * w)), x) * x)
                """, new double[] {0.5, 1, 2}, new double[0]);
        Set<String> names = names(explanation);
        // du/dt itself is not drawn: only its derivative is used.
        assertTrue(names.contains("d(du/dt)/dt"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("dsum\\d+/dx")), names.toString());
        double z = (0.5 - 2) * 0.5;
        // d2/dt2 sin(a t) = -a^2 sin(a t), a = w @ x
        assertEquals(-(0.5 - 2) * (0.5 - 2) * Math.sin(z), value(explanation, "d(du/dt)/dt", false)[0], EXACT);
    }

    @Test
    void gradOfGrad_withRespectToABinding_isNamedAfterTheInnerOne() {
        Explanation explanation = Explanations.explain("""
                input t
                param w = 0.7
                h = tanh(w * t)
                u = h * h * h
                output grad(grad(u, h), h)
                loss u
                """, new double[] {0.5}, new double[0]);
        double h = Math.tanh(0.35);
        assertEquals(6 * h, value(explanation, "d(du/dh)/dh", false)[0], EXACT);
    }

    @Test
    void grad_valuesAreTheDerivative() {
        Explanation explanation = Explanations.explain(GRAD, new double[] {0.5}, new double[0]);
        double[] w1 = {0.5, -1, 2};
        double[] b1 = {0.1, 0.2, -0.3};
        double[] w2 = {1, -0.5, 0.25};
        double dudt = 0;
        for (int i = 0; i < 3; i++) {
            double h = Math.tanh(w1[i] * 0.5 + b1[i]);
            dudt += w2[i] * (1 - h * h) * w1[i];
        }
        assertEquals(dudt, value(explanation, "du/dt", false)[0], EXACT);
        // du/dt = sum(du/dmul1 * W1), with du/dmul1 quoted by value: the products of w2 and tanh'(z_h).
        Step step = explanation.steps().stream().filter(s -> s.lhs().equals("du/dt")).findFirst().orElseThrow();
        Part.Value quoted = (Part.Value) step.numeric().stream().filter(p -> p instanceof Part.Value).findFirst()
                .orElseThrow();
        double[] factor = explanation.values().get(quoted.key()).data();
        for (int i = 0; i < 3; i++) {
            double h = Math.tanh(w1[i] * 0.5 + b1[i]);
            assertEquals(w2[i] * (1 - h * h), factor[i], EXACT);
        }
    }

    static Stream<String> models() {
        return Stream.of(TestModels.sampleSource("seed221.nn"), TestModels.sampleSource("xor.nn"), MIXED,
                Explanations.MNIST, GRAD, TestModels.sampleSource("gradient_penalty.nn"),
                TestModels.sampleSource("decay.nn"));
    }

    @ParameterizedTest
    @MethodSource("models")
    void values_equalWhatTheGeneratedClassComputes(String source) throws ReflectiveOperationException {
        Compiler.Differentiated differentiated = Explanations.analyze(source);
        Model model = ModelLoader.load(differentiated.emit("", EmitOptions.DEFAULT)).getConstructor(long.class).newInstance(7L);
        Random random = new Random(11);
        double[] input = random.doubles(model.inputSize(), -1, 1).toArray();
        double[] target = random.doubles(model.targetSize(), 0, 1).toArray();
        Explanation explanation = Explainer.explain(differentiated,
                new Explainer.Example(input, target, model.parameters().clone(), "test"));

        double[] output = new double[model.outputSize()];
        model.forward(input, output);
        assertClose(output, explanation.values().get(node(explanation, NodeView::output).value()).data());
        double loss = model.backward(input, target);
        assertClose(new double[] {loss}, explanation.values().get(node(explanation, NodeView::loss).value()).data());
        for (Parameter parameter : model.parameterLayout()) {
            int size = Arrays.stream(parameter.shape()).reduce(1, (a, b) -> a * b);
            double[] expected = Arrays.copyOfRange(model.gradients(), parameter.offset(), parameter.offset() + size);
            assertClose(expected, value(explanation, parameter.name(), true));
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyStepRefersToValuesAndEdgesThatExist(String source) {
        Compiler.Differentiated differentiated = Explanations.analyze(source);
        int parameters = differentiated.model().parameterCount();
        Explanation explanation = Explainer.explain(differentiated, new Explainer.Example(
                new double[differentiated.model().inputSize()], new double[differentiated.model().targetSize()],
                new double[parameters], "zeros"));
        Set<Integer> drawn = new HashSet<>();
        explanation.nodes().forEach(n -> drawn.add(n.id()));
        Set<String> edges = new HashSet<>();
        explanation.edges().forEach(e -> edges.add(e.from() + ">" + e.to()));
        for (Step step : explanation.steps()) {
            assertTrue(drawn.contains(step.node()), step.toString());
            assertTrue(explanation.values().containsKey(step.result()), step.toString());
            for (Part part : step.numeric()) {
                if (part instanceof Part.Value value) {
                    assertTrue(explanation.values().containsKey(value.key()), step + " quotes " + value);
                    assertTrue(value.index() < explanation.values().get(value.key()).data().length, step.toString());
                }
            }
            step.edges().forEach(e -> assertTrue(edges.contains(e.from() + ">" + e.to()), step + ": " + e));
        }
        for (NodeView node : explanation.nodes()) {
            assertTrue(node.column() >= 0 && node.row() >= 0, node.toString());
        }
        long placed = explanation.nodes().stream().map(n -> n.column() + "," + n.row()).distinct().count();
        assertEquals(explanation.nodes().size(), placed, "two boxes in one place");
    }

    @Test
    void everyParameterThatAffectsTheLossGetsABackwardStep_afterAllOfItsUses() {
        Explanation explanation = Explanations.explain(MIXED, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.3, 0.7});
        List<String> backward = lines(explanation, Pass.BACKWARD).stream().map(l -> l.split(" = ")[0]).toList();
        for (String parameter : List.of("W", "s", "V")) {
            assertTrue(backward.contains("dL/d" + parameter), backward.toString());
        }
        assertEquals(explanation.steps().size(), new HashSet<>(explanation.steps()).size());
    }

    @Test
    void aConstantOutputOrLoss_isStillDrawn() {
        Explanation explanation = Explanations.explain("""
                input x[2]
                param w[2] = [1, 2]
                output 2
                loss 1
                """, new double[] {0.5, 0.3}, new double[0]);
        assertTrue(explanation.nodes().stream().anyMatch(NodeView::output));
        assertTrue(explanation.nodes().stream().anyMatch(NodeView::loss));
        assertEquals(List.of("dL/dL = 1"), lines(explanation, Pass.BACKWARD));
    }

    // ---- helpers

    private static List<String> lines(Explanation explanation, Pass pass) {
        List<String> lines = new ArrayList<>();
        for (Step step : explanation.steps()) {
            if (step.pass() == pass) {
                lines.add(step.lhs() + " = " + step.symbolic());
            }
        }
        return lines;
    }

    private static Step step(Explanation explanation, String lhs) {
        return explanation.steps().stream().filter(s -> s.lhs().equals(lhs)).findFirst().orElseThrow();
    }

    private static Set<String> names(Explanation explanation) {
        Set<String> names = new HashSet<>();
        explanation.nodes().forEach(n -> names.add(n.name()));
        return names;
    }

    private static NodeView node(Explanation explanation, java.util.function.Predicate<NodeView> which) {
        return explanation.nodes().stream().filter(which).findFirst().orElseThrow();
    }

    private static double[] value(Explanation explanation, String name, boolean gradient) {
        NodeView node = node(explanation, n -> n.name().equals(name));
        return explanation.values().get(gradient ? node.gradient() : node.value()).data();
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, EXACT);
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = EXACT * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }
}
