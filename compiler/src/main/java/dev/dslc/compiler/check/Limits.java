package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Initializer;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The limits of one Java class that the checked model already shows, before
 * any work is spent on lowering it: parameter declarations and literal
 * numbers. The size of the differentiated model's code is the emitter's to
 * check ({@code emit.ClassLimits}), from its own plan for the code it writes;
 * there is no bound on the number of operations as such. The reasons for each number are in
 * docs/robustness.md.
 *
 * <pre>{@code
 * List<Diagnostic> problems = Limits.check(checkedModel);
 * }</pre>
 */
public final class Limits {
    /** The longest array HotSpot allocates. */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Parameters, gradients and work arrays of one instance, in doubles: 16 GiB. */
    public static final long MAX_ALLOCATED_DOUBLES = 1L << 31;
    /** Estimated bytecode of forward, loss and backward together: 4 MB. */
    public static final long MAX_CODE_BYTES = 4_000_000;
    /** Each parameter adds an entry to the static layout table and an initialiser call to the constructor. */
    public static final int MAX_PARAMETERS = 500;
    /** Literal numbers travel in the class file's string constants, 2,000 to a constructor statement. */
    public static final int MAX_LITERAL_NUMBERS = 1_000_000;

    private final CheckedModel model;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private Limits(CheckedModel model) {
        this.model = model;
    }

    /**
     * The limits that the checked model shows, before any work is spent on
     * lowering it: the number of parameters and of literal numbers.
     */
    public static List<Diagnostic> check(CheckedModel model) {
        Limits limits = new Limits(model);
        limits.declarations();
        return limits.diagnostics;
    }

    // ---- declarations

    private void declarations() {
        if (model.parameters().size() > MAX_PARAMETERS) {
            Declaration first = model.parameters().get(MAX_PARAMETERS);
            error(first.span(), "too many parameters: at most " + MAX_PARAMETERS + " parameter declarations fit in one"
                    + " Java class (its layout table and 64 KB constructor); this is number " + (MAX_PARAMETERS + 1)
                    + ". Combine some into larger tensors");
        }
        long numbers = 0;
        for (Literal literal : literals()) {
            numbers += literal.numbers();
            if (numbers > MAX_LITERAL_NUMBERS) {
                error(literal.span(), "too many literal numbers: at most " + MAX_LITERAL_NUMBERS + " fit in one Java"
                        + " class's constants, and the model has " + numbers + " by here; initialise large parameters"
                        + " randomly (~ xavier) or load them with dev.dslc.runtime.ParameterFile");
                return;
            }
        }
    }

    private record Literal(Span span, int numbers) {
    }

    /** A binding, output or loss statement: where it is and its expression. */
    private record Written(Span span, Expr value) {
    }

    private List<Written> statements() {
        List<Written> statements = new ArrayList<>();
        model.bindings().forEach(binding -> statements.add(new Written(binding.span(), binding.value())));
        statements.add(new Written(model.output().span(), model.output()));
        statements.add(new Written(model.loss().span(), model.loss()));
        statements.sort(Comparator.comparingInt(w -> w.span().start()));
        return statements;
    }

    /** Parameter initialisers and literals in expressions, in source order. */
    private List<Literal> literals() {
        List<Literal> literals = new ArrayList<>();
        for (Declaration parameter : model.parameters()) {
            if (parameter.initializer().orElse(null) instanceof Initializer.Literal literal) {
                literals.add(new Literal(literal.span(), literal.tensor().elements().size()));
            }
        }
        for (Written statement : statements()) {
            statement.value().forEachPart(part -> {
                if (part instanceof Expr.Literal literal) {
                    literals.add(new Literal(literal.span(), literal.tensor().elements().size()));
                }
            });
        }
        literals.sort(Comparator.comparingInt(l -> l.span().start()));
        return literals;
    }

    private void error(Span span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
