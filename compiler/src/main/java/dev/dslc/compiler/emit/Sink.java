package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;

/** A value a public method must deliver: the output, a parameter's gradient, or the returned loss. */
record Sink(Kind kind, Node value, Node parameter, String offsetConstant) {

    enum Kind { OUTPUT, GRADIENT, RETURN }

    static Sink output(Node value) {
        return new Sink(Kind.OUTPUT, value, null, null);
    }

    static Sink gradient(Node parameter, Node value, String offsetConstant) {
        return new Sink(Kind.GRADIENT, value, parameter, offsetConstant);
    }

    static Sink returned(Node value) {
        return new Sink(Kind.RETURN, value, null, null);
    }

    Target target() {
        return switch (kind) {
            case OUTPUT -> new Target.Output();
            case GRADIENT -> new Target.Gradient(offsetConstant, ((Op.Variable) parameter.op()).offset());
            case RETURN -> throw new IllegalStateException("a returned value has no element target");
        };
    }
}
