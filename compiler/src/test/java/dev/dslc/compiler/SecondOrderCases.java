package dev.dslc.compiler;

import static dev.dslc.compiler.OperatorCases.param;

import dev.dslc.compiler.OperatorCases.Case;
import dev.dslc.compiler.OperatorCases.Dims;
import java.util.List;

/**
 * The cases of {@link OperatorCases} whose loss contains {@code grad}: each
 * operator and built-in function differentiated twice, once by
 * {@code grad(s, x)} inside the model and again by {@code backward}. The
 * loss is {@code s + sum(g * k)} with {@code g = grad(s, x)} and {@code k} an
 * input of x's shape, so its gradient is the first derivative of s plus the
 * second derivative of s applied to the weights k: every rule's derivative
 * is itself differentiated. Kinked functions are checked away from their
 * kinks, where their second derivative is 0 (docs/language.md).
 */
final class SecondOrderCases {
    private static final List<String> SMOOTH = List.of(
            "exp -1 1", "log 0.1 2", "sqrt 0.1 2", "sin -2 2", "cos -2 2", "tanh -2 2",
            "sigmoid -3 3", "softplus -3 3", "square -2 2");

    private SecondOrderCases() {
    }

    /**
     * declarations; objective = scalar; g = grad(objective, x); output g (k
     * where g reads a target, which forward does not receive); loss
     * objective + sum(g * k), with k an input of x's shape.
     */
    static Case secondOrder(String name, Dims x, String declarations, String scalar, String with) {
        String output = declarations.contains("target ") ? "k" : "g";
        return new Case("grad: " + name, "input k" + x.decl() + "\n" + declarations + "objective = " + scalar
                + "\ng = grad(objective, " + with + ")\noutput " + output + "\nloss objective + sum(g * k)\n");
    }

    static void addTo(List<Case> cases) {
        functions(cases);
        arithmetic(cases);
        products(cases);
        reductionsAndIndexing(cases);
        losses(cases);
        variables(cases);
    }

    private static void functions(List<Case> cases) {
        for (String spec : SMOOTH) {
            String[] parts = spec.split(" ");
            double lo = Double.parseDouble(parts[1]);
            double hi = Double.parseDouble(parts[2]);
            for (Dims d : List.of(Dims.SCALAR, Dims.VECTOR, Dims.LARGE)) {
                cases.add(secondOrder(parts[0] + " " + d, d, param("w", d, lo, hi), "sum(" + parts[0] + "(w))", "w"));
            }
            // Through an input: d/dw of f'(w * x) * w.
            cases.add(secondOrder(parts[0] + " of w * x, by x", Dims.VECTOR, "input x[3]\n" + param("w", Dims.VECTOR, 0.5, 1),
                    "sum(" + parts[0] + "(w * (x * 0.2 + " + (lo + hi) / 2 + ")))", "x"));
        }
        // relu'' = abs'' = leaky_relu'' = 0: the first derivative is a step, whose parameter part is still there.
        for (String fn : List.of("relu(w * x)", "abs(w * x)", "leaky_relu(w * x, 0.1)")) {
            cases.add(secondOrder(fn + ", by x", Dims.VECTOR, "input x[3]\n" + param("w", Dims.VECTOR, 0.5, 1)
                    .replace("~ uniform(0.5, 1.0)", "= [0.5, -0.7, 0.9]"), "sum(" + fn + ") * 2", "x"));
        }
        for (String exponent : List.of("3", "-1", "0.5", "-1.5", "2")) {
            cases.add(secondOrder("w ^ " + exponent, Dims.VECTOR, param("w", Dims.VECTOR, 0.5, 1.5),
                    "sum(w ^ " + exponent + ")", "w"));
        }
        cases.add(secondOrder("a ^ b, by a", Dims.VECTOR, param("a", Dims.VECTOR, 0.5, 1.5) + param("b", Dims.VECTOR, -2, 2),
                "sum(a ^ b)", "a"));
        cases.add(secondOrder("negation", Dims.VECTOR, param("w", Dims.VECTOR, -1, 1), "sum(-w * tanh(-w))", "w"));
    }

    private static void arithmetic(List<Case> cases) {
        for (String op : List.of("+", "-", "*", "/")) {
            cases.add(secondOrder("a " + op + " b, by a", Dims.VECTOR,
                    param("a", Dims.VECTOR, 0.5, 1.5) + param("b", Dims.VECTOR, 0.5, 1.5), "sum(tanh(a " + op + " b))", "a"));
            cases.add(secondOrder("a " + op + " b, by b", Dims.VECTOR,
                    param("a", Dims.VECTOR, 0.5, 1.5) + param("b", Dims.VECTOR, 0.5, 1.5), "sum(tanh(a " + op + " b))", "b"));
            cases.add(secondOrder("scalar " + op + " matrix, by the scalar", Dims.SCALAR,
                    param("a", Dims.SCALAR, 0.5, 1.5) + param("W", Dims.MATRIX, 0.5, 1.5), "sum(sin(a " + op + " W))", "a"));
            cases.add(secondOrder("large " + op + " scalar, by the matrix", Dims.LARGE,
                    param("a", Dims.SCALAR, 0.5, 1.5) + param("W", Dims.LARGE, 0.5, 1.5), "sum(sin(W " + op + " a))", "W"));
        }
    }

    private static void products(List<Case> cases) {
        for (String product : List.of("A @ v", "A' @ u", "v @ A'", "u @ A")) {
            String decl = param("A", new Dims(3, 4), -1, 1) + param("v", new Dims(4), -1, 1) + param("u", new Dims(3), -1, 1);
            cases.add(secondOrder(product + ", by A", new Dims(3, 4), decl, "sum(tanh(" + product + "))", "A"));
            String vector = product.contains("v") ? "v" : "u";
            cases.add(secondOrder(product + ", by " + vector, new Dims(vector.equals("v") ? 4 : 3), decl,
                    "sum(tanh(" + product + "))", vector));
        }
        String matrices = param("A", new Dims(3, 4), -1, 1) + param("B", new Dims(4, 2), -1, 1) + param("C", new Dims(2, 4), -1, 1);
        for (String product : List.of("A @ B", "A @ C'", "B' @ A'", "C @ A'")) {
            cases.add(secondOrder(product + ", by A", new Dims(3, 4), matrices, "sum(tanh(" + product + "))", "A"));
        }
        cases.add(secondOrder("u @ v and dot, by u", Dims.VECTOR, param("u", Dims.VECTOR, -1, 1) + param("v", Dims.VECTOR, -1, 1),
                "tanh(u @ v) + sin(dot(u, u))", "u"));
        cases.add(secondOrder("large dense layer, by W", new Dims(40, 30), "input x[30]\n" + param("W", new Dims(40, 30), -0.3, 0.3),
                "sum(tanh(W @ x))", "W"));
        cases.add(secondOrder("transpose, by W", Dims.MATRIX, param("W", Dims.MATRIX, -1, 1) + param("V", new Dims(3, 2), -1, 1),
                "sum(tanh(W' * V))", "W"));
    }

    private static void reductionsAndIndexing(List<Case> cases) {
        cases.add(secondOrder("sum and mean, by w", Dims.MATRIX, param("w", Dims.MATRIX, -1, 1),
                "sum(w) * mean(w * w) + sum(w) ^ 3", "w"));
        cases.add(secondOrder("max and min, by x", Dims.VECTOR, "input x[3]\n" + param("w", Dims.VECTOR, -1, 1),
                "max(w * x) * min(w * x + w)", "x"));
        for (String fn : List.of("logsumexp(z)", "sum(softmax(z) * z)", "sum(log_softmax(z) * z)")) {
            cases.add(secondOrder(fn + ", by z", new Dims(4), param("z", new Dims(4), -2, 2), fn, "z"));
        }
        cases.add(secondOrder("large logsumexp, by z", new Dims(80), param("z", new Dims(80), -2, 2), "logsumexp(z)", "z"));
        cases.add(secondOrder("index and row, by W", Dims.MATRIX, param("W", Dims.MATRIX, -1, 1),
                "tanh(W[1, 2]) * W[0, 0] + sum(sin(W[1]) * W[0])", "W"));
        cases.add(secondOrder("large row, by W", Dims.LARGE, param("W", Dims.LARGE, -1, 1), "sum(tanh(W[3] * W[8]))", "W"));
    }

    private static void losses(List<Case> cases) {
        cases.add(secondOrder("mse, by p", Dims.VECTOR, "target y[3]\n" + param("p", Dims.VECTOR, -1, 1), "mse(tanh(p), y)", "p"));
        cases.add(secondOrder("bce, by p", Dims.VECTOR, "target y[3]\n" + param("p", Dims.VECTOR, 0.1, 0.9), "bce(p, y)", "p"));
        cases.add(secondOrder("bce_logits, by z", Dims.VECTOR, "target y[3]\n" + param("z", Dims.VECTOR, -3, 3),
                "bce_logits(z, y)", "z"));
        cases.add(secondOrder("cross_entropy, by p", Dims.VECTOR, "target y[3]\n" + param("p", Dims.VECTOR, 0.1, 0.9),
                "cross_entropy(p, y)", "p"));
        cases.add(secondOrder("softmax_cross_entropy, by the input", new Dims(4), "input x[4]\ntarget y[3]\n"
                + param("W", new Dims(3, 4), -1, 1) + param("b", new Dims(3), -0.5, 0.5),
                "softmax_cross_entropy(W @ x + b, y)", "x"));
    }

    /** What x can be: a binding, a const, the expression's own variable; grad of grad; grad only in the output. */
    private static void variables(List<Case> cases) {
        cases.add(secondOrder("a binding, by the hidden layer", new Dims(4), "input x[3]\n" + param("W1", new Dims(4, 3), -1, 1)
                + param("w2", new Dims(4), -1, 1) + "h = tanh(W1 @ x)\n", "sigmoid(w2 @ h) * sum(h)", "h"));
        cases.add(secondOrder("a binding written again elsewhere", Dims.VECTOR, param("a", Dims.VECTOR, 0.5, 1.5)
                + "h = 2 * a\n", "sum(h * (2 * a) * a)", "h"));
        cases.add(secondOrder("a const", Dims.VECTOR, "const c[3] ~ uniform(0.5, 1.5)\n" + param("w", Dims.VECTOR, 0.5, 1.5),
                "sum(log(c * w) * w)", "c"));
        cases.add(secondOrder("s itself", Dims.SCALAR, param("w", Dims.SCALAR, 0.5, 1.5) + "t = sin(w)\n", "t", "t"));
        cases.add(secondOrder("grad of grad", Dims.SCALAR, "input t\n" + param("W", Dims.VECTOR, -1, 1)
                + param("v", Dims.VECTOR, -1, 1) + "u = v @ tanh(W * t)\n", "grad(grad(u, t), t) + u", "t"));
        cases.add(secondOrder("grad of grad through bindings", Dims.VECTOR, "input x[3]\n" + param("w", Dims.VECTOR, 0.5, 1)
                + "h = sin(w * x)\nd = grad(sum(h * h), h)\n", "sum(tanh(d) * w)", "x"));
        cases.add(new Case("grad: in the output only", "input x[3]\n" + param("W", new Dims(2, 3), -1, 1)
                + "s = sum(tanh(W @ x))\noutput grad(s, x)\nloss s\n"));
    }
}
