package dev.dslc.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The table behind {@link OperatorGradientTest}: one small model per operator,
 * function and shape, whose loss exercises it on parameters. Parameters start
 * at random points inside the operator's domain ({@code ~ uniform(lo, hi)},
 * away from kinks); inputs are weights in [-1, 1] and targets lie in [0, 1],
 * filled in by the test. "large" shapes have more than 64 elements, so their
 * kernels are loops rather than unrolled code.
 */
final class OperatorCases {

    /** One model: {@code name} says what it checks. */
    record Case(String name, String source) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A tensor shape as declared: {@code ""}, {@code "[3]"}, {@code "[2, 3]"}. */
    record Dims(int... sizes) {
        static final Dims SCALAR = new Dims();
        static final Dims VECTOR = new Dims(3);
        static final Dims MATRIX = new Dims(2, 3);
        static final Dims LARGE = new Dims(9, 8);
        static final List<Dims> ALL = List.of(SCALAR, VECTOR, MATRIX, LARGE);

        String decl() {
            return sizes.length == 0 ? "" : Arrays.stream(sizes).mapToObj(String::valueOf)
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        int size() {
            return Arrays.stream(sizes).reduce(1, (a, b) -> a * b);
        }

        /** A tensor literal of this (non-scalar) shape whose element k is {@code element.apply(k)}. */
        String literal(IntFunction<String> element) {
            if (sizes.length == 1) {
                return row(0, sizes[0], element);
            }
            return IntStream.range(0, sizes[0]).mapToObj(i -> row(i * sizes[1], sizes[1], element))
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        private static String row(int start, int length, IntFunction<String> element) {
            return IntStream.range(start, start + length).mapToObj(element)
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public String toString() {
            return sizes.length == 0 ? "scalar" : sizes.length == 2 && size() > 64 ? "large" + decl() : decl();
        }
    }

    private static final List<String> SMOOTH = List.of(
            "exp -1 1", "log 0.1 2", "sqrt 0.1 2", "sin -2 2", "cos -2 2", "tanh -2 2",
            "sigmoid -3 3", "softplus -3 3", "square -2 2");
    private static final List<String> KINKED = List.of("relu", "abs", "leaky_relu");

    private OperatorCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        elementwise(cases);
        arithmetic(cases);
        matmul(cases);
        transposeNegateAndLiterals(cases);
        powers(cases);
        indexing(cases);
        reductions(cases);
        softmaxFamily(cases);
        losses(cases);
        networks(cases);
        SecondOrderCases.addTo(cases);
        return cases;
    }

    /**
     * input c (the shape of y); the declarations; y = expression; output y;
     * loss sum(y * c), which weights every element of y differently.
     */
    static Case weighted(String name, Dims y, String declarations, String expression) {
        return new Case(name, "input c" + y.decl() + "\n" + declarations + "\ny = " + expression
                + "\noutput y\nloss sum(y * c)\n");
    }

    static String param(String name, Dims dims, double lo, double hi) {
        return "param " + name + dims.decl() + " ~ uniform(" + lo + ", " + hi + ")\n";
    }

    private static void elementwise(List<Case> cases) {
        for (String spec : SMOOTH) {
            String[] parts = spec.split(" ");
            for (Dims d : Dims.ALL) {
                cases.add(weighted(parts[0] + " " + d, d,
                        param("w", d, Double.parseDouble(parts[1]), Double.parseDouble(parts[2])),
                        parts[0] + "(w)"));
            }
        }
        // Kinked functions: |argument| >= 0.1 on both sides of the kink, via a sign pattern.
        for (String fn : KINKED) {
            String extra = fn.equals("leaky_relu") ? ", 0.1)" : ")";
            for (Dims d : Dims.ALL) {
                if (d.sizes().length == 0) {
                    cases.add(weighted(fn + " scalar", d, param("w", d, 0.1, 0.9),
                            fn + "(w" + extra + " + " + fn + "(-w * 0.5" + extra));
                } else {
                    String signs = d.literal(k -> k % 3 == 1 ? "1" : "-1");
                    cases.add(weighted(fn + " " + d, d, param("w", d, 0.1, 0.9), fn + "(w * " + signs + extra));
                }
            }
        }
    }

    private static void arithmetic(List<Case> cases) {
        List<Dims[]> shapePairs = List.of(
                new Dims[] {Dims.SCALAR, Dims.SCALAR}, new Dims[] {Dims.VECTOR, Dims.VECTOR},
                new Dims[] {Dims.MATRIX, Dims.MATRIX}, new Dims[] {Dims.LARGE, Dims.LARGE},
                new Dims[] {Dims.SCALAR, Dims.VECTOR}, new Dims[] {Dims.VECTOR, Dims.SCALAR},
                new Dims[] {Dims.SCALAR, Dims.MATRIX}, new Dims[] {Dims.MATRIX, Dims.SCALAR},
                new Dims[] {Dims.SCALAR, Dims.LARGE}, new Dims[] {Dims.LARGE, Dims.SCALAR});
        for (String op : List.of("+", "-", "*", "/")) {
            for (Dims[] pair : shapePairs) {
                Dims result = pair[0].sizes().length > 0 ? pair[0] : pair[1];
                cases.add(weighted(pair[0] + " " + op + " " + pair[1], result,
                        param("a", pair[0], 0.5, 1.5) + param("b", pair[1], 0.5, 1.5), "a " + op + " b"));
            }
            // An operand used twice, and constants on either side.
            cases.add(weighted("a " + op + " a", Dims.VECTOR, param("a", Dims.VECTOR, 0.5, 1.5), "(a " + op + " a) * a"));
            cases.add(weighted("a " + op + " 2 and 2 " + op + " a", Dims.VECTOR, param("a", Dims.VECTOR, 0.5, 1.5),
                    "(a " + op + " 2) * (2 " + op + " a)"));
        }
        // Every algebraic rewrite: x + 0, 0 + x, x - 0, 0 - x, x * 1, 1 * x, x / 1, x * -1, -1 * x, x - -y, x + -y, --x.
        cases.add(weighted("rewritten identities", Dims.VECTOR,
                param("a", Dims.VECTOR, 0.5, 1.5) + param("b", Dims.VECTOR, 0.5, 1.5),
                "((a + 0) * 1 - 0) / 1 + (0 + b) * (1 * a) + (0 - a) * -1 * (-1 * b) + (a - -b) * (b + -a) - -(-a)"));
        // L = a * b: dL/da is the forward value b and dL/db is a, with nothing to compute.
        cases.add(scalar("loss a * b of two computed values", param("u", Dims.VECTOR, -1, 1) + param("v", Dims.VECTOR, -1, 1),
                "u", "tanh(sum(u)) * dot(u, v)"));
        // Scalars broadcast inside larger expressions: their adjoint is summed back.
        cases.add(weighted("scalar broadcast into matrix expression", Dims.MATRIX,
                param("s", Dims.SCALAR, 0.5, 1.5) + param("t", Dims.SCALAR, 0.5, 1.5) + param("W", Dims.MATRIX, 0.5, 1.5),
                "(W * s - t) / (s + W * t)"));
    }

    private static void matmul(List<Case> cases) {
        matmulForms(cases, "", 3, 4, 2);
        // Results over 64 elements are loops.
        matmulForms(cases, "large ", 70, 3, 66);
        cases.add(weighted("A @ A and v @ v", new Dims(3, 3), param("A", new Dims(3, 3), -1, 1) + param("v", new Dims(3), -1, 1),
                "A @ A * (v @ v)"));
        cases.add(weighted("dense layer W @ x + b", new Dims(3),
                "input x[4]\n" + param("W", new Dims(3, 4), -1, 1) + param("b", new Dims(3), -1, 1), "W @ x + b"));
        cases.add(weighted("large dense layer W @ x + b", new Dims(40),
                "input x[30]\n" + param("W", new Dims(40, 30), -1, 1) + param("b", new Dims(40), -1, 1), "W @ x + b"));
        // rows of 256: row-group methods topped up with warm-up calls (MethodEmitter.callPerGroup), three
        // groups of dot products and a written-out gradient loop of eight rows and one of four
        cases.add(weighted("long-row dense layer W @ x + b", new Dims(12),
                "input x[256]\n" + param("W", new Dims(12, 256), -1, 1) + param("b", new Dims(12), -1, 1), "W @ x + b"));
    }

    /** The spec's four shape cases of {@code @}, and the transposed operands the graph folds into the product. */
    private static void matmulForms(List<Case> cases, String prefix, int m, int n, int k) {
        Dims mn = new Dims(m, n);
        Dims nm = new Dims(n, m);
        Dims nk = new Dims(n, k);
        Dims kn = new Dims(k, n);
        Dims mk = new Dims(m, k);
        Dims vm = new Dims(m);
        Dims vn = new Dims(n);
        Dims vk = new Dims(k);
        cases.add(product(prefix + "[m, n] @ [n]", vm, "A", mn, "v", vn, "A @ v"));
        cases.add(product(prefix + "[m, n] @ [n, k]", mk, "A", mn, "B", nk, "A @ B"));
        cases.add(product(prefix + "[n] @ [n, k]", vk, "v", vn, "B", nk, "v @ B"));
        cases.add(product(prefix + "[n] @ [n]", Dims.SCALAR, "u", vn, "v", vn, "u @ v"));
        cases.add(product(prefix + "[n, m]' @ [n]", vm, "A", nm, "v", vn, "A' @ v"));
        cases.add(product(prefix + "[n] @ [k, n]'", vk, "v", vn, "B", kn, "v @ B'"));
        cases.add(product(prefix + "[n, m]' @ [n, k]", mk, "A", nm, "B", nk, "A' @ B"));
        cases.add(product(prefix + "[m, n] @ [k, n]'", mk, "A", mn, "B", kn, "A @ B'"));
        cases.add(product(prefix + "[n, m]' @ [k, n]'", mk, "A", nm, "B", kn, "A' @ B'"));
    }

    private static Case product(String name, Dims result, String a, Dims aDims, String b, Dims bDims, String expression) {
        return weighted(name, result, param(a, aDims, -1, 1) + param(b, bDims, -1, 1), expression);
    }

    private static void transposeNegateAndLiterals(List<Case> cases) {
        cases.add(weighted("transpose [2, 3]'", new Dims(3, 2), param("W", Dims.MATRIX, -1, 1), "W' * W'"));
        cases.add(weighted("transpose large'", new Dims(8, 9), param("W", Dims.LARGE, -1, 1), "W' * W'"));
        cases.add(weighted("transpose of an expression (A @ B)'", new Dims(2, 3),
                param("A", new Dims(3, 4), -1, 1) + param("B", new Dims(4, 2), -1, 1), "tanh((A @ B)')"));
        cases.add(weighted("transpose twice W''", Dims.MATRIX, param("W", Dims.MATRIX, -1, 1), "W'' * W"));
        cases.add(weighted("transpose of vector and scalar v' s'", Dims.VECTOR,
                param("v", Dims.VECTOR, -1, 1) + param("s", Dims.SCALAR, -1, 1), "v' * s' * v"));
        for (Dims d : Dims.ALL) {
            cases.add(weighted("unary minus " + d, d, param("w", d, -1, 1), "-w * w - -w"));
        }
        cases.add(weighted("vector literal", Dims.VECTOR, param("w", Dims.VECTOR, -1, 1), "w * [0.5, -2, 3] + [1, 2, 3] * w * w"));
        cases.add(weighted("matrix literal @ vector", new Dims(2), param("w", new Dims(2), -1, 1),
                "[[1, -2], [3, 4]] @ w"));
        cases.add(weighted("matrix @ vector literal", Dims.VECTOR, param("W", new Dims(3, 3), -1, 1), "W @ [1, -2.5, .5]"));
        cases.add(weighted("large literal", Dims.LARGE, param("w", Dims.LARGE, -1, 1),
                "w * " + Dims.LARGE.literal(k -> (k % 2 == 0 ? "-" : "") + (k + 1) * 0.25)));
    }

    private static void powers(List<Case> cases) {
        for (String exponent : List.of("2", "3", "1", "0", "-1", "-2", "0.5", "1.5", "-0.5", "2.5", "1e-1")) {
            cases.add(weighted("w ^ " + exponent, Dims.VECTOR, param("w", Dims.VECTOR, 0.5, 1.5),
                    "w ^ " + exponent + " + w"));
        }
        for (String exponent : List.of("2", "3", "-1", "-2", "4")) {
            cases.add(weighted("negative w ^ " + exponent, Dims.VECTOR, param("w", Dims.VECTOR, -1.5, -0.5),
                    "w ^ " + exponent));
        }
        for (Dims d : List.of(Dims.SCALAR, Dims.MATRIX, Dims.LARGE)) {
            cases.add(weighted("w ^ -1.5 " + d, d, param("w", d, 0.5, 1.5), "w ^ -1.5"));
        }
        cases.add(weighted("-w ^ 2 is -(w ^ 2)", Dims.VECTOR, param("w", Dims.VECTOR, -1, 1), "-w ^ 2"));
        cases.add(weighted("w ^ 3 ^ 0.5 is w ^ (3 ^ 0.5)", Dims.VECTOR, param("w", Dims.VECTOR, 0.5, 1.5), "w ^ 3 ^ 0.5"));
        // Any other exponent: exp(e * log(x)).
        for (Dims d : List.of(Dims.SCALAR, Dims.VECTOR, Dims.MATRIX, Dims.LARGE)) {
            cases.add(weighted("a ^ b " + d, d, param("a", d, 0.5, 1.5) + param("b", d, -2, 2), "a ^ b"));
        }
        cases.add(weighted("w ^ input", Dims.VECTOR, "input e[3]\n" + param("w", Dims.VECTOR, 0.5, 1.5), "w ^ e"));
        cases.add(weighted("2 ^ w", Dims.VECTOR, param("w", Dims.VECTOR, -1, 1), "2 ^ w"));
        cases.add(weighted("vector ^ scalar expression", Dims.VECTOR,
                param("w", Dims.VECTOR, 0.5, 1.5) + param("s", Dims.SCALAR, -1, 1), "w ^ (s * 2)"));
        cases.add(weighted("scalar ^ vector expression", Dims.VECTOR,
                param("s", Dims.SCALAR, 0.5, 1.5) + param("v", Dims.VECTOR, -1, 1), "s ^ -v"));
    }

    private static void indexing(List<Case> cases) {
        cases.add(weighted("vector element x[i]", Dims.SCALAR, param("w", Dims.VECTOR, -1, 1), "w[0] * w[2] + w[2]"));
        cases.add(weighted("matrix element W[i, j]", Dims.SCALAR, param("W", Dims.MATRIX, -1, 1), "W[1, 2] * W[0, 0] - W[1, 2]"));
        cases.add(weighted("matrix row W[i]", Dims.VECTOR, param("W", Dims.MATRIX, -1, 1), "W[1] * W[0] + W[1]"));
        cases.add(weighted("chained index W[i][j]", Dims.SCALAR, param("W", Dims.MATRIX, -1, 1), "W[1][2] * W[0][1]"));
        cases.add(weighted("index of an expression (A @ v)[i]", Dims.SCALAR,
                param("A", new Dims(3, 4), -1, 1) + param("v", new Dims(4), -1, 1), "(A @ v)[2] * (A @ v)[0]"));
        cases.add(weighted("large vector element", Dims.SCALAR, param("w", new Dims(100), -1, 1), "w[57] * w[99] + w[0]"));
        cases.add(weighted("large matrix row", new Dims(8), param("W", Dims.LARGE, -1, 1), "W[3] * W[8]"));
        cases.add(weighted("row of a large expression", new Dims(8), param("W", Dims.LARGE, -1, 1), "tanh(W)[4]"));
    }

    private static void reductions(List<Case> cases) {
        for (Dims d : Dims.ALL) {
            cases.add(weighted("sum " + d, Dims.SCALAR, param("w", d, -1, 1), "sum(w) * sum(w * w)"));
            cases.add(weighted("mean " + d, Dims.SCALAR, param("w", d, -1, 1), "mean(w) * mean(w * w)"));
            cases.add(weighted("max " + d, Dims.SCALAR, param("w", d, -1, 1), "max(w) * max(w * w)"));
            cases.add(weighted("min " + d, Dims.SCALAR, param("w", d, -1, 1), "min(w) * min(w * w)"));
        }
        cases.add(weighted("max and min of an expression", Dims.SCALAR,
                param("A", new Dims(3, 4), -1, 1) + param("v", new Dims(4), -1, 1), "max(A @ v) - min(A @ v)"));
        cases.add(weighted("dot", Dims.SCALAR, param("u", Dims.VECTOR, -1, 1) + param("v", Dims.VECTOR, -1, 1), "dot(u, v)"));
        cases.add(weighted("dot(u, u)", Dims.SCALAR, param("u", Dims.VECTOR, -1, 1), "dot(u, u)"));
        cases.add(weighted("dot large", Dims.SCALAR, param("u", new Dims(600), -1, 1) + param("v", new Dims(600), -1, 1),
                "dot(u, v)"));
        cases.add(weighted("broadcast sum into matrix", Dims.MATRIX, param("W", Dims.MATRIX, -1, 1), "W * sum(W)"));
        cases.add(weighted("broadcast sum into large", Dims.LARGE, param("W", Dims.LARGE, -1, 1), "W / (2 + sum(W * W))"));
    }

    private static void softmaxFamily(List<Case> cases) {
        for (Dims d : List.of(new Dims(4), new Dims(80))) {
            String size = d.size() > 64 ? "large " : "";
            cases.add(weighted("softmax " + size + d.decl(), d, param("z", d, -2, 2), "softmax(z)"));
            cases.add(weighted("log_softmax " + size + d.decl(), d, param("z", d, -2, 2), "log_softmax(z)"));
            cases.add(weighted("logsumexp " + size + d.decl(), Dims.SCALAR, param("z", d, -2, 2), "logsumexp(z)"));
        }
        cases.add(weighted("softmax of an expression", new Dims(3),
                "input x[4]\n" + param("W", new Dims(3, 4), -1, 1) + param("b", new Dims(3), -1, 1), "softmax(W @ x + b)"));
        cases.add(weighted("logsumexp of spread logits", Dims.SCALAR, param("z", new Dims(4), 10, 30), "logsumexp(z)"));
    }

    private static void losses(List<Case> cases) {
        for (Dims d : Dims.ALL) {
            cases.add(scalar("mse " + d, "target y" + d.decl() + "\n" + param("p", d, -1, 1), "p", "mse(p, y)"));
            cases.add(scalar("bce " + d, "target y" + d.decl() + "\n" + param("p", d, 0.1, 0.9), "p", "bce(p, y)"));
            cases.add(scalar("bce_logits " + d, "target y" + d.decl() + "\n" + param("z", d, -3, 3), "z", "bce_logits(z, y)"));
            cases.add(scalar("cross_entropy " + d, "target y" + d.decl() + "\n" + param("p", d, 0.1, 0.9), "p",
                    "cross_entropy(p, y)"));
        }
        cases.add(scalar("mse with both sides parameters", param("a", Dims.VECTOR, -1, 1) + param("b", Dims.VECTOR, -1, 1),
                "a - b", "mse(a, b) + mse(b * b, a)"));
        cases.add(scalar("mse of vector against scalar target", "target y\n" + param("p", Dims.VECTOR, -1, 1), "p", "mse(p, y)"));
        cases.add(scalar("bce of a sigmoid", "target y[3]\ninput x[4]\n" + param("W", new Dims(3, 4), -1, 1),
                "sigmoid(W @ x)", "bce(sigmoid(W @ x), y)"));
        cases.add(scalar("bce_logits of large logits", "target y[3]\n" + param("z", Dims.VECTOR, 20, 40), "z", "bce_logits(z, y)"));
        for (Dims d : List.of(new Dims(4), new Dims(80))) {
            cases.add(scalar("softmax_cross_entropy " + d, "target y" + d.decl() + "\n" + param("z", d, -2, 2),
                    "softmax(z)", "softmax_cross_entropy(z, y)"));
        }
        cases.add(scalar("softmax_cross_entropy of an expression", "target y[3]\ninput x[4]\n"
                + param("W", new Dims(3, 4), -1, 1) + param("b", new Dims(3), -1, 1), "W @ x + b",
                "softmax_cross_entropy(W @ x + b, y)"));
        cases.add(scalar("softmax_cross_entropy of spread logits", "target y[3]\n" + param("z", Dims.VECTOR, 10, 30),
                "z", "softmax_cross_entropy(z, y)"));
    }

    private static void networks(List<Case> cases) {
        cases.add(scalar("two-layer tanh network with softmax cross-entropy",
                "input x[4]\ntarget y[3]\n" + param("W1", new Dims(5, 4), -1, 1) + param("b1", new Dims(5), -0.1, 0.1)
                        + param("W2", new Dims(3, 5), -1, 1) + param("b2", new Dims(3), -0.1, 0.1)
                        + "h = tanh(W1 @ x + b1)\nz = W2 @ h + b2\n",
                "softmax(z)", "softmax_cross_entropy(z, y)"));
        cases.add(scalar("large two-layer sigmoid network with mse",
                "input x[30]\ntarget y[10]\n" + param("W1", new Dims(40, 30), -0.3, 0.3) + param("b1", new Dims(40), -0.1, 0.1)
                        + param("W2", new Dims(10, 40), -0.3, 0.3) + param("b2", new Dims(10), -0.1, 0.1)
                        + "h = sigmoid(W1 @ x + b1)\np = W2 @ h + b2\n",
                "p", "mse(p, y) + 0.01 * mean(W1 ^ 2)"));
    }

    /** A model whose loss is already a scalar; a dummy input keeps it valid when it reads none. */
    static Case scalar(String name, String declarations, String output, String loss) {
        String input = declarations.contains("input ") ? "" : "input unused\n";
        return new Case(name, input + declarations + "output " + output + "\nloss " + loss + "\n");
    }
}
