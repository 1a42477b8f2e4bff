package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * What {@code grad(e, x)} means, by value: the derivative with respect to
 * the name x, whatever else e computes; zero where the only path is through
 * a step; derivatives of derivatives; the result usable in the output.
 */
class GradSemanticsTest {

    private static double[] output(Model model, double... input) {
        double[] out = new double[model.outputSize()];
        model.forward(input, out);
        return out;
    }

    @Test
    void withRespectToABinding_countsOnlyThePathsThroughItsName() {
        // h = 2a, and 2 * a written out again is not h: d/dh sum(h * (2a) * a) = 2a * a, not 2 * 2h * a.
        Model model = TestModels.load("""
                input x[2]
                param a[2] = [0.5, -1.5]
                h = 2 * a
                output grad(sum(h * (2 * a) * a * x), h)
                loss sum(h)
                """);
        assertArrayEquals(new double[] {2 * 0.25 * 3, 2 * 2.25 * -1}, output(model, 3, -1), 1e-15);
    }

    @Test
    void withRespectToAParameter_andAnInput() {
        Model model = TestModels.load("""
                input x[2]
                param W[2, 2] = [[1, 2], [3, 4]]
                s = sum(sin(W @ x))
                output [1, 0] @ grad(s, W) @ [0, 1] + grad(s, x) @ [1, 0]
                loss s
                """);
        double x0 = 0.3;
        double x1 = -0.2;
        double z0 = x0 + 2 * x1;
        double z1 = 3 * x0 + 4 * x1;
        // ds/dW[0][1] = cos(z0) * x1; ds/dx0 = cos(z0) * 1 + cos(z1) * 3.
        double expected = Math.cos(z0) * x1 + Math.cos(z0) + 3 * Math.cos(z1);
        assertEquals(expected, output(model, x0, x1)[0], 1e-15);
    }

    @Test
    void gradOfGrad_isTheSecondDerivative() {
        Model model = TestModels.load("""
                input t
                u = t ^ 4 + sin(t)
                d1 = grad(u, t)
                d2 = grad(d1, t)
                d3 = grad(grad(grad(u, t), t), t)
                output d1 * 1000000 + d2 * 1000 + d3
                loss u
                """);
        double t = 0.5;
        double d1 = 4 * t * t * t + Math.cos(t);
        double d2 = 12 * t * t - Math.sin(t);
        double d3 = 24 * t - Math.cos(t);
        assertEquals(d1 * 1e6 + d2 * 1e3 + d3, output(model, t)[0], 1e-9);
    }

    @Test
    void onlyThroughASteps_isZero() {
        // relu'' = 0: the derivative of relu's derivative is a zero of x's shape, built as such.
        Model model = TestModels.load("""
                input x[3]
                d = grad(sum(relu(x) * x), x)
                output grad(sum(grad(sum(relu(x)), x)), x) + d
                loss sum(d)
                """);
        // d = step(x) * x + relu(x) = 2 relu(x).
        assertArrayEquals(new double[] {2, 0, 0}, output(model, 1, -2, 0), 0);
    }

    @Test
    void aBindingNamedGrad_andTheFunction() {
        Model model = TestModels.load("""
                input x[2]
                param w[2] = [0.5, -0.25]
                grad = w @ x
                output grad(square(grad), x)
                loss grad
                """);
        double value = 0.5 * 2 - 0.25 * 4;
        assertArrayEquals(new double[] {2 * value * 0.5, 2 * value * -0.25}, output(model, 2, 4), 1e-15);
    }

    @Test
    void theLossCanBeAGradient() {
        Model model = TestModels.load("""
                input x
                param w = 3
                loss grad(w * x ^ 3, x)
                output x
                """);
        double loss = model.backward(new double[] {2}, new double[0]);
        assertEquals(3 * 3 * 4, loss, 0);
        assertEquals(3 * 4, model.gradients()[0], 0);
    }
}
