package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.OperatorCases.Case;
import dev.dslc.compiler.check.Builtin;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.runtime.GradientCheck;
import dev.dslc.runtime.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator and built-in function of the language, at the shapes it
 * takes, checked two ways at seeded random points: {@code backward} against
 * central differences of {@code loss}, and {@code loss}, {@code forward} and
 * {@code backward} against the IR interpreter. The cases are in
 * {@link OperatorCases}; {@link #everyOpFunctionAndOperatorIsCovered} fails
 * when a new operator has no case.
 */
class OperatorGradientTest {
    private static final long[] SEEDS = {1, 2, 3};
    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-6;
    /**
     * A central difference carries the rounding noise of the two losses, about
     * n ulp(L) / h for a loss summed from n terms (some 1e-9 for n = 80, h =
     * 1e-6): so gradients below 1e-2 |L| are compared absolutely, to 1e-8 |L|,
     * which still catches any wrong derivative rule.
     */
    private static final double FLOOR = 1e-2;
    /** Generated code and the interpreter may sum in different orders. */
    private static final double SAME_VALUE = 1e-12;

    private static final Map<String, Class<? extends Model>> COMPILED = new ConcurrentHashMap<>();

    static List<Case> cases() {
        return OperatorCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backward_matchesCentralDifferences(Case c) {
        for (long seed : SEEDS) {
            Model model = instantiate(c, seed);
            double[] input = inputs(model, seed);
            double[] target = targets(model, seed);
            double floor = FLOOR * Math.max(1, Math.abs(model.loss(input, target)));
            GradientCheck.Result result = GradientCheck.everyParameter().withStep(STEP).withAbsoluteFloor(floor)
                    .check(model, input, target);
            assertTrue(result.largestRelativeError() < TOLERANCE, () -> "seed " + seed + ": " + result);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lossForwardAndBackward_matchTheInterpreter(Case c) {
        ReferenceModel reference = ReferenceModel.of(c.source());
        for (long seed : SEEDS) {
            Model model = instantiate(c, seed);
            double[] input = inputs(model, seed);
            double[] target = targets(model, seed);
            ReferenceModel.Values expected = reference.evaluate(input, target, model.parameters());

            double[] output = new double[model.outputSize()];
            model.forward(input, output);
            model.zeroGradients();
            double backwardLoss = model.backward(input, target);

            assertClose(new double[] {expected.loss()}, new double[] {model.loss(input, target)}, "loss");
            assertClose(new double[] {expected.loss()}, new double[] {backwardLoss}, "backward's loss");
            assertClose(expected.output(), output, "output");
            assertClose(expected.gradient(), model.gradients(), "gradient");
        }
    }

    @Test
    void everyOpFunctionAndOperatorIsCovered() {
        Set<Object> all = cases().stream().flatMap(c -> Coverage.of(c.source()).stream()).collect(Collectors.toSet());
        List<Object> missing = new ArrayList<>();
        for (Object required : Coverage.required()) {
            if (!all.contains(required)) {
                missing.add(required instanceof Class<?> type ? type.getName() : required);
            }
        }
        assertEquals(List.of(), missing, "not exercised by any case of OperatorCases");
    }

    @Test
    void caseNamesAreUnique() {
        List<String> names = cases().stream().map(Case::name).toList();
        assertEquals(names.size(), new LinkedHashSet<>(names).size(), "duplicate case names in " + names);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            int k = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= SAME_VALUE * scale,
                    () -> what + "[" + k + "]: interpreter " + expected[k] + ", generated " + actual[k]
                            + "; expected " + Arrays.toString(expected) + ", actual " + Arrays.toString(actual));
        }
    }

    private static Model instantiate(Case c, long seed) {
        Class<? extends Model> type = COMPILED.computeIfAbsent(c.name(),
                name -> ModelLoader.load(TestModels.generate("case.nn", c.source())));
        try {
            return type.getConstructor(long.class).newInstance(seed);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Inputs are weights in [-1, 1]. */
    static double[] inputs(Model model, long seed) {
        Random random = new Random(seed);
        return random.doubles(model.inputSize(), -1, 1).toArray();
    }

    /** Targets are in [0, 1], as probabilities and labels are. */
    static double[] targets(Model model, long seed) {
        Random random = new Random(~seed);
        return random.doubles(model.targetSize(), 0, 1).toArray();
    }

    /** What a case's model exercises, from its syntax tree and from its IR (forward and derivative). */
    static final class Coverage {
        /** The four shape cases of {@code @}, by operand ranks. */
        record MatMulShapes(int leftRank, int rightRank) {
        }

        /** The forms of {@code ^}'s exponent. */
        enum Exponent { INTEGER_LITERAL, NEGATIVE_LITERAL, NON_INTEGER_LITERAL, EXPRESSION }

        private Coverage() {
        }

        static List<Object> required() {
            List<Object> required = new ArrayList<>();
            required.addAll(List.of(Op.class.getPermittedSubclasses()));
            required.addAll(List.of(Builtin.values()));
            required.addAll(List.of(Fn.values()));
            required.addAll(List.of(Map2.Kind.values()));
            required.addAll(List.of(Expr.class.getPermittedSubclasses()));
            required.addAll(List.of(Expr.BinaryOperator.values()));
            required.addAll(List.of(Exponent.values()));
            for (boolean left : new boolean[] {false, true}) {
                for (boolean right : new boolean[] {false, true}) {
                    required.add(new MatMul(left, right));
                }
            }
            required.addAll(List.of(new MatMulShapes(2, 1), new MatMulShapes(2, 2), new MatMulShapes(1, 2),
                    new MatMulShapes(1, 1)));
            return required;
        }

        static Set<Object> of(String source) {
            ReferenceModel reference = ReferenceModel.of(source);
            Set<Object> covered = new LinkedHashSet<>();
            for (Node node : reference.nodes()) {
                covered.add(node.op().getClass());
                if (node.op() instanceof Map1 map) {
                    covered.add(map.fn());
                }
                if (node.op() instanceof Map2 map) {
                    covered.add(map.kind());
                }
                if (node.op() instanceof MatMul) {
                    covered.add(node.op());
                    covered.add(new MatMulShapes(node.input(0).shape().rank(), node.input(1).shape().rank()));
                }
            }
            for (var statement : reference.program().statements()) {
                if (statement instanceof dev.dslc.compiler.syntax.Statement.Binding binding) {
                    syntax(binding.value(), covered);
                } else if (statement instanceof dev.dslc.compiler.syntax.Statement.Output output) {
                    syntax(output.value(), covered);
                } else if (statement instanceof dev.dslc.compiler.syntax.Statement.Loss loss) {
                    syntax(loss.value(), covered);
                }
            }
            return covered;
        }

        private static void syntax(Expr expr, Set<Object> covered) {
            covered.add(expr.getClass());
            if (expr instanceof Expr.Call call) {
                Builtin.named(call.function().text()).ifPresent(covered::add);
                call.arguments().forEach(argument -> syntax(argument, covered));
            } else if (expr instanceof Expr.Index index) {
                syntax(index.target(), covered);
            } else if (expr instanceof Expr.Negate negate) {
                syntax(negate.operand(), covered);
            } else if (expr instanceof Expr.Transpose transpose) {
                syntax(transpose.operand(), covered);
            } else if (expr instanceof Expr.Binary binary) {
                covered.add(binary.operator());
                if (binary.operator() == Expr.BinaryOperator.POWER) {
                    covered.add(exponent(binary.right()));
                }
                syntax(binary.left(), covered);
                syntax(binary.right(), covered);
            }
        }

        private static Exponent exponent(Expr right) {
            Double literal = dev.dslc.compiler.check.Checker.numberLiteral(right);
            if (literal == null) {
                return Exponent.EXPRESSION;
            }
            return literal != Math.rint(literal) ? Exponent.NON_INTEGER_LITERAL
                    : literal < 0 ? Exponent.NEGATIVE_LITERAL : Exponent.INTEGER_LITERAL;
        }
    }
}
