package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in function's value, and the powers', against LANGUAGE.md's
 * definition written out in plain Java, to 1e-12. The operator gradient test
 * compares generated code with the interpreter, which shares the lowering;
 * this one checks the lowering itself.
 */
class BuiltinValueTest {
    private static final double[] W = {0.3, -0.7, 1.2};
    private static final double[] P = {0.2, 0.6, 0.9};
    private static final double[] Y = {0.1, 0.5, 1.0};
    /** Functions of parameters are the output; functions of the target y (which forward has not) are the loss. */
    private static final String MODEL = """
            input  unused
            target y[3]
            param  w[3] = [0.3, -0.7, 1.2]
            param  p[3] = [0.2, 0.6, 0.9]
            output %s
            loss   %s
            """;

    static Stream<Arguments> definitions() {
        return Stream.of(
                definition("exp(w)", () -> map(W, Math::exp)),
                definition("log(p)", () -> map(P, Math::log)),
                definition("sqrt(p)", () -> map(P, Math::sqrt)),
                definition("abs(w)", () -> map(W, Math::abs)),
                definition("sin(w)", () -> map(W, Math::sin)),
                definition("cos(w)", () -> map(W, Math::cos)),
                definition("tanh(w)", () -> map(W, Math::tanh)),
                definition("sigmoid(w)", () -> map(W, x -> 1 / (1 + Math.exp(-x)))),
                definition("relu(w)", () -> map(W, x -> Math.max(x, 0))),
                definition("softplus(w)", () -> map(W, x -> Math.log(1 + Math.exp(x)))),
                definition("square(w)", () -> map(W, x -> x * x)),
                definition("leaky_relu(w, 0.1)", () -> map(W, x -> x > 0 ? x : 0.1 * x)),
                definition("sum(w)", () -> new double[] {0.3 - 0.7 + 1.2}),
                definition("mean(w)", () -> new double[] {(0.3 - 0.7 + 1.2) / 3}),
                definition("max(w)", () -> new double[] {1.2}),
                definition("min(w)", () -> new double[] {-0.7}),
                definition("dot(w, p)", () -> new double[] {0.3 * 0.2 - 0.7 * 0.6 + 1.2 * 0.9}),
                definition("softmax(w)", () -> map(W, x -> Math.exp(x) / sumExp(W))),
                definition("log_softmax(w)", () -> map(W, x -> x - Math.log(sumExp(W)))),
                definition("logsumexp(w)", () -> new double[] {Math.log(sumExp(W))}),
                lossDefinition("mse(p, y)", () -> new double[] {mean(i -> (P[i] - Y[i]) * (P[i] - Y[i]))}),
                lossDefinition("bce(p, y)", () -> new double[] {-mean(i -> Y[i] * Math.log(P[i]) + (1 - Y[i]) * Math.log(1 - P[i]))}),
                lossDefinition("bce_logits(w, y)", () -> new double[] {-mean(i -> {
                    double s = 1 / (1 + Math.exp(-W[i]));
                    return Y[i] * Math.log(s) + (1 - Y[i]) * Math.log(1 - s);
                })}),
                lossDefinition("cross_entropy(p, y)", () -> new double[] {-3 * mean(i -> Y[i] * Math.log(P[i]))}),
                lossDefinition("softmax_cross_entropy(w, y)",
                        () -> new double[] {-3 * mean(i -> Y[i] * Math.log(Math.exp(W[i]) / sumExp(W)))}),
                definition("w ^ 3", () -> map(W, x -> x * x * x)),
                definition("w ^ -2", () -> map(W, x -> 1 / (x * x))),
                definition("p ^ 0.5", () -> map(P, Math::sqrt)),
                definition("p ^ -1.5", () -> map(P, x -> 1 / (x * Math.sqrt(x)))),
                definition("p ^ w", () -> IntStream.range(0, 3).mapToDouble(i -> Math.pow(P[i], W[i])).toArray()),
                definition("-w ^ 2", () -> map(W, x -> -(x * x))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void builtin_hasTheValueTheLanguageDefines(String expression, boolean isLoss, Supplier<double[]> definition) {
        Model model = TestModels.load(isLoss ? String.format(MODEL, "p", expression)
                : String.format(MODEL, expression, "sum(w) + sum(p)"));
        double[] value = isLoss ? new double[] {model.loss(new double[1], Y)} : new double[model.outputSize()];
        if (!isLoss) {
            model.forward(new double[1], value);
        }

        double[] expected = definition.get();
        assertArrayEquals(expected, value, 1e-12 * Math.max(1, maxAbs(expected)));
    }

    private static Arguments definition(String expression, Supplier<double[]> value) {
        return Arguments.of(expression, false, value);
    }

    private static Arguments lossDefinition(String expression, Supplier<double[]> value) {
        return Arguments.of(expression, true, value);
    }

    private static double[] map(double[] x, DoubleUnaryOperator f) {
        return Arrays.stream(x).map(f).toArray();
    }

    private static double sumExp(double[] x) {
        return Arrays.stream(x).map(Math::exp).sum();
    }

    private static double mean(IntToDoubleFunction term) {
        return IntStream.range(0, 3).mapToDouble(term).sum() / 3;
    }

    private static double maxAbs(double[] x) {
        return Arrays.stream(x).map(Math::abs).max().orElse(0);
    }
}
