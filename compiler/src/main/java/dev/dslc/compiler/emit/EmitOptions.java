package dev.dslc.compiler.emit;

/**
 * How the emitted code may be written, beyond what the model says.
 *
 * @param vectorApi write the per-example dot products ({@code W @ x}) with
 *     the incubating Vector API ({@code jdk.incubator.vector}), which C2
 *     turns into SIMD partial sums where it keeps plain loops' sums scalar.
 *     The generated class then compiles and runs only with
 *     {@code --add-modules jdk.incubator.vector}; docs/vector-api.md.
 */
public record EmitOptions(boolean vectorApi) {
    /** Plain Java, nothing but {@code java.base} and the runtime. */
    public static final EmitOptions DEFAULT = new EmitOptions(false);
    /** The module a class emitted with {@link #vectorApi} needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
}
