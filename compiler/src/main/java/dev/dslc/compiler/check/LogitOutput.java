package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The warning for {@code output z} with {@code loss bce_logits(z, y)}: the loss
 * reads {@code z} as a logit, but {@code dslc predict}, the trainer's accuracy
 * and every user of {@code forward} read the output as a probability, so
 * accuracy would be judged at 0.5 of a logit. The output and the loss's logit
 * argument are the same value when their expressions, with bindings followed
 * (an output that names a binding stands for its expression), read the same
 * apart from white space.
 */
final class LogitOutput {
    private final SourceFile source;
    private final Map<String, Expr> bindings = new HashMap<>();

    private LogitOutput(CheckedModel model, SourceFile source) {
        this.source = source;
        for (Statement.Binding binding : model.bindings()) {
            bindings.put(binding.name().text(), binding.value());
        }
    }

    static List<Diagnostic> warnings(CheckedModel model, SourceFile source) {
        return new LogitOutput(model, source).check(model.output(), model.loss()).stream().toList();
    }

    private Optional<Diagnostic> check(Expr output, Expr loss) {
        String outputText = canonicalText(output);
        for (Expr.Call call : logitLosses(loss)) {
            if (canonicalText(call.arguments().get(0)).equals(outputText)) {
                String function = call.function().text();
                String squash = function.equals("bce_logits") ? "sigmoid" : "softmax";
                String written = source.text(output.span()).strip();
                return Optional.of(Diagnostic.warning(output.span(), "the output is a logit, which the loss turns into a probability with "
                        + function + ", but predict and the trainer's accuracy read the output as a probability;"
                        + " write 'output " + squash + "(" + written + ")' (the loss stays as it is)"));
            }
        }
        return Optional.empty();
    }

    /** Calls of bce_logits and softmax_cross_entropy in the loss, through the bindings it reads. */
    private List<Expr.Call> logitLosses(Expr loss) {
        List<Expr.Call> calls = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Deque<Expr> pending = new ArrayDeque<>(List.of(loss));
        while (!pending.isEmpty()) {
            Expr expr = pending.pop();
            if (expr instanceof Expr.Name name) {
                Expr bound = bindings.get(name.identifier().text());
                if (bound != null && visited.add(name.identifier().text())) {
                    pending.push(bound);
                }
            } else if (expr instanceof Expr.Call call) {
                String function = call.function().text();
                if (function.equals("bce_logits") || function.equals("softmax_cross_entropy")) {
                    calls.add(call);
                }
                call.arguments().forEach(pending::push);
            } else {
                children(expr).forEach(pending::push);
            }
        }
        return calls;
    }

    private static List<Expr> children(Expr expr) {
        if (expr instanceof Expr.Binary binary) {
            return List.of(binary.left(), binary.right());
        }
        if (expr instanceof Expr.Negate negate) {
            return List.of(negate.operand());
        }
        if (expr instanceof Expr.Transpose transpose) {
            return List.of(transpose.operand());
        }
        if (expr instanceof Expr.Index index) {
            return List.of(index.target());
        }
        return List.of();
    }

    /** The text of what an expression stands for: a name of a binding is replaced by the binding's expression. */
    private String canonicalText(Expr expr) {
        Set<String> followed = new HashSet<>();
        Expr current = expr;
        while (current instanceof Expr.Name name && bindings.containsKey(name.identifier().text())
                && followed.add(name.identifier().text())) {
            current = bindings.get(name.identifier().text());
        }
        return source.text(current.span()).replaceAll("\\s+", "");
    }
}
