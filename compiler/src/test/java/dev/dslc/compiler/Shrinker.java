package dev.dslc.compiler;

import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Parser;
import dev.dslc.compiler.syntax.Program;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing model greedily: drop a statement, or put one of an
 * expression's operands in its place, as long as the result still compiles
 * and still fails. What is left is usually a few lines.
 *
 * <pre>{@code
 * String small = Shrinker.shrink(source, s -> stillFails(s));
 * }</pre>
 */
final class Shrinker {

    private Shrinker() {
    }

    static String shrink(String source, Predicate<String> fails) {
        String current = source;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (String candidate : candidates(current)) {
                if (candidate.length() < current.length() && compiles(candidate) && fails.test(candidate)) {
                    current = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return current.replaceAll("\n\\s*\n", "\n");
    }

    /** Free of errors; a model that crashes the compiler counts, since that may be the failure being shrunk. */
    private static boolean compiles(String source) {
        try {
            return !Compiler.compile(new SourceFile("shrink.nn", source), "").hasErrors();
        } catch (RuntimeException crash) {
            return true;
        }
    }

    /** Every source one step smaller: a statement dropped, or an expression replaced by a part of it. */
    private static List<String> candidates(String source) {
        List<String> candidates = new ArrayList<>();
        Program program = Parser.parse(new SourceFile("shrink.nn", source)).program().orElseThrow();
        for (Statement statement : program.statements()) {
            if (!(statement instanceof Statement.ModelName)) {
                candidates.add(without(source, statement.span()));
            }
        }
        for (Statement statement : program.statements()) {
            Expr value = statement instanceof Statement.Binding b ? b.value()
                    : statement instanceof Statement.Output o ? o.value()
                    : statement instanceof Statement.Loss l ? l.value() : null;
            if (value != null) {
                collect(source, value, candidates);
            }
        }
        return candidates;
    }

    private static void collect(String source, Expr root, List<String> candidates) {
        List<Expr> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Expr expr = pending.remove(0);
            for (Expr part : parts(expr)) {
                String text = source.substring(part.span().start(), part.span().end());
                candidates.add(replace(source, expr.span(), text));
                candidates.add(replace(source, expr.span(), "(" + text + ")"));
                pending.add(part);
            }
        }
    }

    private static List<Expr> parts(Expr expr) {
        if (expr instanceof Expr.Binary binary) {
            return List.of(binary.left(), binary.right());
        }
        if (expr instanceof Expr.Call call) {
            return call.arguments();
        }
        if (expr instanceof Expr.Negate negate) {
            return List.of(negate.operand());
        }
        if (expr instanceof Expr.Transpose transpose) {
            return List.of(transpose.operand());
        }
        return expr instanceof Expr.Index index ? List.of(index.target()) : List.of();
    }

    private static String without(String source, Span span) {
        return source.substring(0, span.start()) + source.substring(span.end());
    }

    private static String replace(String source, Span span, String text) {
        return source.substring(0, span.start()) + text + source.substring(span.end());
    }
}
