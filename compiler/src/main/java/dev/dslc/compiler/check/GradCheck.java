package dev.dslc.compiler.check;

import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.syntax.Expr;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The checker's rules for {@code grad(e, x)}: {@code e} a scalar, {@code x}
 * the name of an input, a parameter or a binding (not a target) that
 * {@code e} depends on, and derivatives of derivatives at most
 * {@link #MAX_ORDER} deep. It also tracks that depth through bindings, so
 * {@code a = grad(u, t)} then {@code b = grad(a, t)} counts as two.
 */
final class GradCheck {
    /**
     * The deepest derivative of a derivative a model may take. Each order
     * differentiates everything below it, so the graph about doubles per
     * order (a 16-8 tanh network in t: 15 nodes, 129 at order 4, 2,204 at
     * order 8, 9,852 at order 10; docs/language.md): past some depth
     * lowering alone would exhaust memory before the emitter's size limits
     * could say so. Eight is far beyond the PDEs people write (the beam
     * equation's fourth derivative).
     */
    static final int MAX_ORDER = 8;

    private final Checker checker;
    /** The derivative order of each binding that contains a grad. */
    private final Map<String, Integer> orders = new HashMap<>();
    /** The deepest order read so far in the expression being checked. */
    private int order;

    GradCheck(Checker checker) {
        this.checker = checker;
    }

    void startStatement() {
        order = 0;
    }

    /** A name was read: the expression is at least as deep as the name's definition. */
    void read(String name) {
        order = Math.max(order, orders.getOrDefault(name, 0));
    }

    /** The statement just checked defined {@code name}. */
    void bound(String name) {
        if (order > 0) {
            orders.put(name, order);
        }
    }

    /** The shape of {@code grad(e, x)}, or null after reporting why it has none. */
    Shape check(Expr.Call call, Set<String> uses) {
        Expr e = call.arguments().get(0);
        Expr x = call.arguments().get(1);
        int outer = order;
        order = 0;
        Set<String> eUses = new HashSet<>();
        Shape eShape = checker.shape(e, eUses);
        int depth = order + 1;
        order = Math.max(outer, depth);
        uses.addAll(eUses);
        if (!(x instanceof Expr.Name name)) {
            checker.shape(x, uses);
            checker.error(x.span(), "grad differentiates with respect to a name (an input, a parameter or a binding),"
                    + " not an expression; bind it first: h = ..., then grad(e, h)");
            return null;
        }
        String variable = name.identifier().text();
        Shape xShape = checker.name(name.identifier(), uses);
        if (xShape == null) {
            return null;
        }
        if (checker.isTarget(variable)) {
            checker.error(x.span(), "grad cannot differentiate with respect to the target '" + variable
                    + "': a target is the data the loss compares with, not a variable of the model;"
                    + " differentiate with respect to an input, a parameter or a binding");
            return null;
        }
        if (eShape == null) {
            return null;
        }
        if (!eShape.isScalar()) {
            checker.error(e.span(), "grad differentiates a scalar, but this is " + eShape
                    + "; reduce it first, e.g. grad(sum(...), " + variable + ")");
            return null;
        }
        if (!checker.reaches(eUses, variable)) {
            checker.error(x.span(), "the expression grad differentiates does not depend on '" + variable
                    + "', so its derivative with respect to '" + variable + "' would always be zero");
            return null;
        }
        if (depth == MAX_ORDER + 1) {
            checker.error(call.span(), "derivatives nested " + depth + " deep: grad takes derivatives of derivatives"
                    + " at most " + MAX_ORDER + " deep, as each order multiplies the size of the code");
            return null;
        }
        return xShape;
    }
}
