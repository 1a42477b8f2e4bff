package dev.dslc.compiler.ir;

import com.palantir.javapoet.CodeBlock;
import dev.dslc.runtime.Activations;

/**
 * The element-wise functions of one argument: each with its value, its
 * derivative (written from the argument x or, where cheaper, from the already
 * computed result y) and its Java form. {@code a} is the function's numeric
 * parameter ({@code leaky_relu}'s slope, a power's exponent), 0 otherwise.
 */
public enum Fn {
    NEG("neg") {
        double apply(double x, double a) { return -x; }
        Node derivative(Graph g, Node x, Node y, double a) { return g.constant(-1.0); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("-$L", x); }
    },
    EXP("exp") {
        double apply(double x, double a) { return Math.exp(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return y; }
    },
    LOG("log") {
        double apply(double x, double a) { return Math.log(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return g.div(g.constant(1.0), x); }
    },
    SQRT("sqrt") {
        double apply(double x, double a) { return Math.sqrt(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return g.div(g.constant(0.5), y); }
    },
    ABS("abs") {
        double apply(double x, double a) { return Math.abs(x); }
        // abs'(0) = 0, as the spec says, and signum(0) is 0.
        Node derivative(Graph g, Node x, Node y, double a) { return g.map(SIGN, x); }
    },
    SIN("sin") {
        double apply(double x, double a) { return Math.sin(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return g.map(COS, x); }
    },
    COS("cos") {
        double apply(double x, double a) { return Math.cos(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return g.neg(g.map(SIN, x)); }
    },
    TANH("tanh") {
        // Math.tanh is a native call on JDK 17: Activations.tanh is 3x faster (docs/performance.md).
        double apply(double x, double a) { return Activations.tanh(x); }
        // tanh' = 1 - t*t from the stored t.
        Node derivative(Graph g, Node x, Node y, double a) { return g.sub(g.constant(1.0), g.mul(y, y)); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("$T.tanh($L)", Activations.class, x); }
    },
    SIGMOID("sigmoid") {
        double apply(double x, double a) { return Activations.sigmoid(x); }
        // sigmoid' = s*(1-s) from the stored s.
        Node derivative(Graph g, Node x, Node y, double a) { return g.mul(y, g.sub(g.constant(1.0), y)); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("$T.sigmoid($L)", Activations.class, x); }
    },
    RELU("relu") {
        double apply(double x, double a) { return x > 0.0 ? x : 0.0; }
        Node derivative(Graph g, Node x, Node y, double a) { return g.map(STEP, x); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("($L > 0.0 ? $L : 0.0)", x, x); }
    },
    SOFTPLUS("softplus") {
        double apply(double x, double a) { return Activations.softplus(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return g.map(SIGMOID, x); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("$T.softplus($L)", Activations.class, x); }
    },
    SQUARE("square") {
        double apply(double x, double a) { return x * x; }
        Node derivative(Graph g, Node x, Node y, double a) { return g.mul(g.constant(2.0), x); }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("$L * $L", x, x); }
    },
    LEAKY_RELU("leaky_relu") {
        double apply(double x, double a) { return x > 0.0 ? x : a * x; }
        Node derivative(Graph g, Node x, Node y, double a) { return g.map(LEAKY_STEP, a, x); }
        CodeBlock java(CodeBlock x, double a) {
            return CodeBlock.of("($L > 0.0 ? $L : $L * $L)", x, x, Literals.of(a), x);
        }
    },
    /** x^a for a constant a; integer powers are exact for negative x. */
    POW("pow") {
        double apply(double x, double a) {
            if (a == 2.0) {
                return x * x;
            }
            if (a == 1.0) {
                return x;
            }
            if (a == -1.0) {
                return 1.0 / x;
            }
            return Math.pow(x, a);
        }

        // d/dx x^a = a * x^(a-1); the graph's rewrites turn x^1 into x and x^0 into 1.
        Node derivative(Graph g, Node x, Node y, double a) {
            return g.mul(g.constant(a), g.map(POW, a - 1.0, x));
        }

        CodeBlock java(CodeBlock x, double a) {
            if (a == 2.0) {
                return CodeBlock.of("$L * $L", x, x);
            }
            if (a == 1.0) {
                return x;
            }
            if (a == -1.0) {
                return CodeBlock.of("1.0 / $L", x);
            }
            return CodeBlock.of("$T.pow($L, $L)", Math.class, x, Literals.of(a));
        }
    },
    // The derivative-only functions below are piecewise constant: no gradient flows through them.
    /** 1 for x > 0, else 0 (so relu'(0) = 0). */
    STEP("step") {
        double apply(double x, double a) { return x > 0.0 ? 1.0 : 0.0; }
        Node derivative(Graph g, Node x, Node y, double a) { return null; }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("($L > 0.0 ? 1.0 : 0.0)", x); }
    },
    SIGN("sign") {
        double apply(double x, double a) { return Math.signum(x); }
        Node derivative(Graph g, Node x, Node y, double a) { return null; }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("$T.signum($L)", Math.class, x); }
    },
    /** 1 for {@code x > 0}, else a: leaky_relu's slope, a for {@code x <= 0}. */
    LEAKY_STEP("leaky_step") {
        double apply(double x, double a) { return x > 0.0 ? 1.0 : a; }
        Node derivative(Graph g, Node x, Node y, double a) { return null; }
        CodeBlock java(CodeBlock x, double a) { return CodeBlock.of("($L > 0.0 ? 1.0 : $L)", x, Literals.of(a)); }
    };

    private final String mnemonic;

    Fn(String mnemonic) {
        this.mnemonic = mnemonic;
    }

    public String mnemonic() {
        return mnemonic;
    }

    abstract double apply(double x, double a);

    /** f'(x) as an element-wise node, or null where f is piecewise constant. */
    abstract Node derivative(Graph g, Node x, Node y, double a);

    /** The Java expression for f(x); {@code x} is a simple operand (a local, an array element or a literal). */
    CodeBlock java(CodeBlock x, double a) {
        return CodeBlock.of("$T.$L($L)", Math.class, mnemonic, x);
    }

    public double evaluate(double x, double a) {
        return apply(x, a);
    }

    public CodeBlock toJava(CodeBlock x, double a) {
        return java(x, a);
    }
}
