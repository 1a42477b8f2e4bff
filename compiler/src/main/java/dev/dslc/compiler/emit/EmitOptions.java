package dev.dslc.compiler.emit;

/**
 * How the emitted code may be written, beyond what the model says.
 *
 * @param vectorApi write the per-example dot products ({@code W @ x}) with
 *     the incubating Vector API ({@code jdk.incubator.vector}), which C2
 *     turns into SIMD partial sums where it keeps plain loops' sums scalar.
 *     The generated class then compiles and runs only with
 *     {@code --add-modules jdk.incubator.vector}; docs/vector-api.md.
 * @param derivatives which of the entry points beyond the loss gradient
 *     ({@code inputGradient}, {@code jacobian}, {@code hessianVectorProduct})
 *     the class has; docs/derivatives.md.
 */
public record EmitOptions(boolean vectorApi, DerivativeEntryPoints derivatives) {
    /** Plain Java, nothing but {@code java.base} and the runtime. */
    public static final EmitOptions DEFAULT = new EmitOptions(false);
    /** The module a class emitted with {@link #vectorApi} needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** With the derivative entry points the model is small enough for. */
    public EmitOptions(boolean vectorApi) {
        this(vectorApi, DerivativeEntryPoints.AUTO);
    }

    public EmitOptions {
        java.util.Objects.requireNonNull(derivatives, "derivatives");
    }

    /** These options with the Vector API on or off. */
    public EmitOptions withVectorApi(boolean on) {
        return new EmitOptions(on, derivatives);
    }

    /** These options with the derivative entry points {@code choice} asks for. */
    public EmitOptions withDerivatives(DerivativeEntryPoints choice) {
        return new EmitOptions(vectorApi, choice);
    }

    /** Which derivative entry points a class gets, as {@code --derivatives} names them. */
    public enum DerivativeEntryPoints {
        /**
         * {@code inputGradient} and {@code hessianVectorProduct}, each where its
         * computation, forward values included, is at most
         * {@value MethodPlan#COMPACT_OPERATIONS} operations (the size below
         * which a class is written out in full rather than compactly), and
         * {@code jacobian} for a scalar output only: one reverse pass per
         * output element multiplies the code by the output's width.
         */
        AUTO,
        /** All three, whatever their size (the class's limits still apply). */
        ALL,
        /** None: the smallest class. */
        NONE;

        /** The largest computation an entry point may have under this choice. */
        public long maxOperations() {
            return switch (this) {
                case AUTO -> MethodPlan.COMPACT_OPERATIONS;
                case ALL -> dev.dslc.compiler.check.Limits.MAX_CODE_BYTES / 10;
                case NONE -> -1;
            };
        }

        /** The widest output whose Jacobian the class gets under this choice. */
        public int maxJacobianRows() {
            return switch (this) {
                case AUTO -> 1;
                case ALL -> Integer.MAX_VALUE;
                case NONE -> 0;
            };
        }

        /** The choice a command-line or plugin value names ({@code auto}, {@code all}, {@code none}), or null. */
        public static DerivativeEntryPoints named(String name) {
            for (DerivativeEntryPoints choice : values()) {
                if (choice.name().equalsIgnoreCase(name)) {
                    return choice;
                }
            }
            return null;
        }
    }
}
