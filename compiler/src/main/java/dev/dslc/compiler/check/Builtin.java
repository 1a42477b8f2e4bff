package dev.dslc.compiler.check;

import dev.dslc.compiler.ir.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in functions of the language: name, argument count and shape
 * rule. Their meaning is given by lowering (see {@code Lowering}).
 */
public enum Builtin {
    EXP("exp"), LOG("log"), SQRT("sqrt"), ABS("abs"), SIN("sin"), COS("cos"), TANH("tanh"),
    SIGMOID("sigmoid"), RELU("relu"), SOFTPLUS("softplus"), SQUARE("square"),
    /** leaky_relu(x, alpha): alpha is a number literal. */
    LEAKY_RELU("leaky_relu", 2) {
        Shape result(List<Shape> args) {
            return args.get(0);
        }
    },
    SUM("sum", Kind.REDUCTION), MEAN("mean", Kind.REDUCTION), MAX("max", Kind.REDUCTION), MIN("min", Kind.REDUCTION),
    DOT("dot", 2) {
        Shape result(List<Shape> args) {
            if (args.get(0).rank() != 1 || !args.get(0).equals(args.get(1))) {
                throw new ShapeError("dot expects two vectors of the same length, got "
                        + args.get(0) + " and " + args.get(1));
            }
            return Shape.scalar();
        }
    },
    SOFTMAX("softmax", Kind.VECTOR_TO_VECTOR), LOG_SOFTMAX("log_softmax", Kind.VECTOR_TO_VECTOR),
    LOGSUMEXP("logsumexp", Kind.VECTOR_TO_SCALAR),
    MSE("mse", Kind.LOSS), BCE("bce", Kind.LOSS), BCE_LOGITS("bce_logits", Kind.LOSS),
    CROSS_ENTROPY("cross_entropy", Kind.LOSS),
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", 2) {
        Shape result(List<Shape> args) {
            if (args.get(0).rank() != 1 || !args.get(0).equals(args.get(1))) {
                throw new ShapeError("softmax_cross_entropy expects logits and targets as vectors of the same length, got "
                        + args.get(0) + " and " + args.get(1));
            }
            return Shape.scalar();
        }
    },
    /**
     * grad(e, x): the derivative of the scalar e with respect to the input,
     * parameter or binding named x, in x's shape. The checker checks its
     * arguments itself ({@code Checker.grad}); lowering builds it with reverse mode.
     */
    GRAD("grad", 2) {
        Shape result(List<Shape> args) {
            return args.get(1);
        }
    };

    /** The shape families most functions fall into. */
    private enum Kind { ELEMENTWISE, REDUCTION, VECTOR_TO_VECTOR, VECTOR_TO_SCALAR, LOSS, SPECIAL }

    /** A shape rule's complaint; the checker attaches the call's span. */
    static final class ShapeError extends RuntimeException {
        ShapeError(String message) {
            super(message, null, false, false);
        }
    }

    private static final Map<String, Builtin> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Builtin::functionName, Function.identity()));

    private final String functionName;
    private final int arity;
    private final Kind kind;

    Builtin(String functionName) {
        this(functionName, Kind.ELEMENTWISE);
    }

    Builtin(String functionName, Kind kind) {
        this.functionName = functionName;
        this.kind = kind;
        this.arity = kind == Kind.LOSS ? 2 : 1;
    }

    Builtin(String functionName, int arity) {
        this.functionName = functionName;
        this.kind = Kind.SPECIAL;
        this.arity = arity;
    }

    public static Optional<Builtin> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public String functionName() {
        return functionName;
    }

    public int arity() {
        return arity;
    }

    /**
     * False for {@code grad}, which came after version 1 of the language:
     * models that already use it as a name keep compiling, and a call
     * {@code grad(...)} still means the function, as no name can be called.
     */
    public boolean reserved() {
        return this != GRAD;
    }

    /** True when argument {@code index} must be a number literal rather than an expression. */
    public boolean takesLiteral(int index) {
        return this == LEAKY_RELU && index == 1;
    }

    /** The result shape for these argument shapes; throws {@link ShapeError} when they don't fit. */
    Shape result(List<Shape> args) {
        Shape first = args.get(0);
        return switch (kind) {
            case ELEMENTWISE -> first;
            case REDUCTION -> Shape.scalar();
            case VECTOR_TO_VECTOR, VECTOR_TO_SCALAR -> {
                if (first.rank() != 1) {
                    throw new ShapeError(functionName + " expects a vector, got " + first);
                }
                yield kind == Kind.VECTOR_TO_VECTOR ? first : Shape.scalar();
            }
            case LOSS -> {
                if (Shape.broadcast(first, args.get(1)) == null) {
                    throw new ShapeError(functionName + " expects prediction and target of the same shape, got "
                            + first + " and " + args.get(1));
                }
                yield Shape.scalar();
            }
            case SPECIAL -> throw new AssertionError(this);
        };
    }
}
