package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;

/**
 * A value a public method must deliver: the output, a parameter's gradient
 * (added to the accumulator, or, in the body behind {@code backward} and
 * {@code sgdStep}, added times a scale to its slice of a destination array,
 * the gradients or the parameters themselves), or the returned loss.
 */
record Sink(Kind kind, Node value, Node parameter, String offsetConstant) {

    enum Kind { OUTPUT, GRADIENT, STEP, RETURN }

    static Sink output(Node value) {
        return new Sink(Kind.OUTPUT, value, null, null);
    }

    static Sink gradient(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.GRADIENT, value, parameter, offsetConstant);
    }

    /** A gradient added, times {@code scale}, to the parameter's slice of {@code dest}. */
    static Sink step(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.STEP, value, parameter, offsetConstant);
    }

    /** True for a gradient delivered into a parameter-sized slice, whether accumulated or descended along. */
    boolean intoParameterSlice() {
        return kind == Kind.GRADIENT || kind == Kind.STEP;
    }

    static Sink returned(Node value) {
        return new Sink(Kind.RETURN, value, null, null);
    }

    Target target() {
        return switch (kind) {
            case OUTPUT -> new Target.Output();
            case GRADIENT, STEP -> new Target.ParameterSlice(offsetConstant, ((Op.Variable) parameter.op()).offset(),
                    kind == Kind.STEP);
            case RETURN -> throw new IllegalStateException("a returned value has no element target");
        };
    }
}
