package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.syntax.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parameters and constants declared in a way that cannot do what the
 * declaration suggests: a parameter the loss never reads (its gradient is
 * always zero), a matrix whose rows start equal and so stay equal, a
 * constant that nothing reads.
 */
final class ParameterWarnings {

    private ParameterWarnings() {
    }

    /**
     * @param affectLoss   the names the loss reads, directly or through bindings
     * @param affectOutput the names the output reads, likewise
     * @param nameSpan     where each declaration's name is written
     */
    static List<Diagnostic> of(List<Declaration> parameters, Set<String> affectLoss, Set<String> affectOutput,
            Function<Declaration, Span> nameSpan) {
        List<Diagnostic> warnings = new ArrayList<>();
        for (Declaration parameter : parameters) {
            Span name = nameSpan.apply(parameter);
            if (!parameter.trainable()) {
                if (!affectLoss.contains(parameter.name()) && !affectOutput.contains(parameter.name())) {
                    warnings.add(Diagnostic.warning(name, "constant '" + parameter.name()
                            + "' affects neither the output nor the loss"));
                }
                continue;
            }
            if (!affectLoss.contains(parameter.name())) {
                warnings.add(Diagnostic.warning(name, "parameter '" + parameter.name()
                        + "' does not affect the loss; its gradient is always zero"));
            }
            boolean constant = parameter.initializer().isEmpty()
                    || parameter.initializer().get() instanceof Initializer.Constant;
            if (constant && parameter.shape().rank() == 2 && parameter.shape().dimension(0) >= 2) {
                warnings.add(Diagnostic.warning(name, "the " + parameter.shape().dimension(0) + " rows of '"
                        + parameter.name() + "' start equal, so they receive the same gradient and the units they"
                        + " feed can never become different; initialise it randomly (~ xavier or ~ he)"));
            }
        }
        return warnings;
    }
}
