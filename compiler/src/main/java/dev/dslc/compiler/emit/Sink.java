package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;

/**
 * A value a public method must deliver: a slice of one of the caller's arrays
 * (the output, an input gradient, a row of a Jacobian, a slice of a
 * Hessian-vector product), a parameter's gradient (added to the accumulator,
 * or, in the body behind {@code backward} and {@code sgdStep}, added times a
 * scale to its slice of a destination array, the gradients or the parameters
 * themselves), or the returned loss.
 *
 * @param array          for {@link Kind#INTO}, the caller's array
 * @param offsetConstant the class constant that names the slice's offset, or null
 * @param offset         where the slice starts in its array
 */
record Sink(Kind kind, Node value, Node parameter, String array, String offsetConstant, int offset) {

    enum Kind { INTO, GRADIENT, STEP, RETURN }

    static Sink output(Node value) {
        return into(value, "output", null, 0);
    }

    /** The value written, once per element, into {@code array} from {@code offset} on. */
    static Sink into(Node value, String array, String offsetConstant, int offset) {
        return new Sink(Kind.INTO, value, null, array, offsetConstant, offset);
    }

    static Sink gradient(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.GRADIENT, value, parameter, null, offsetConstant, ((Op.Variable) parameter.op()).offset());
    }

    /** A gradient added, times {@code scale}, to the parameter's slice of {@code dest}. */
    static Sink step(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.STEP, value, parameter, null, offsetConstant, ((Op.Variable) parameter.op()).offset());
    }

    /** True for a gradient delivered into a parameter-sized slice, whether accumulated or descended along. */
    boolean intoParameterSlice() {
        return kind == Kind.GRADIENT || kind == Kind.STEP;
    }

    static Sink returned(Node value) {
        return new Sink(Kind.RETURN, value, null, null, null, 0);
    }

    Target target() {
        return switch (kind) {
            case INTO -> new Target.Slice(array, offsetConstant, offset);
            case GRADIENT, STEP -> new Target.ParameterSlice(offsetConstant, offset, kind == Kind.STEP);
            case RETURN -> throw new IllegalStateException("a returned value has no element target");
        };
    }
}
