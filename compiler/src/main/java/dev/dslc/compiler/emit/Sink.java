package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;

/**
 * A value a public method must deliver: the output, a parameter's gradient
 * (added to the accumulator, or, in {@code sgdStep}, a descent step taken on
 * the parameter), or the returned loss.
 */
record Sink(Kind kind, Node value, Node parameter, String offsetConstant) {

    enum Kind { OUTPUT, GRADIENT, DESCENT, RETURN }

    static Sink output(Node value) {
        return new Sink(Kind.OUTPUT, value, null, null);
    }

    static Sink gradient(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.GRADIENT, value, parameter, offsetConstant);
    }

    static Sink descent(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.DESCENT, value, parameter, offsetConstant);
    }

    /** True for a gradient delivered into a parameter-sized slice, whether accumulated or descended along. */
    boolean intoParameterSlice() {
        return kind == Kind.GRADIENT || kind == Kind.DESCENT;
    }

    static Sink returned(Node value) {
        return new Sink(Kind.RETURN, value, null, null);
    }

    Target target() {
        return switch (kind) {
            case OUTPUT -> new Target.Output();
            case GRADIENT, DESCENT -> new Target.ParameterSlice(offsetConstant, ((Op.Variable) parameter.op()).offset(),
                    kind == Kind.DESCENT);
            case RETURN -> throw new IllegalStateException("a returned value has no element target");
        };
    }
}
