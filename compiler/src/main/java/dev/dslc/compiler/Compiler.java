package dev.dslc.compiler;

import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.check.Checker;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.emit.JavaEmitter;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.lower.LoweredModel;
import dev.dslc.compiler.lower.Lowering;
import dev.dslc.compiler.opt.Rewrites;
import dev.dslc.compiler.syntax.Parser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The driver: parse, check, lower, differentiate, simplify, emit; it stops
 * after the first stage that reports errors. Simplification is not a separate
 * pass: the graph applies {@link Rewrites} to every node as it is made, during
 * lowering and differentiation alike.
 *
 * <pre>{@code
 * Compilation result = Compiler.compile(new SourceFile("xor.nn", text), "com.example");
 * result.generated().ifPresent(c -> Files.writeString(out.resolve(c.relativePath()), c.source()));
 * }</pre>
 */
public final class Compiler {

    private Compiler() {
    }

    /** Compiles one model into a class in {@code packageName} (empty for the default package). */
    public static Compilation compile(SourceFile source, String packageName) {
        try {
            return run(source, packageName);
        } catch (StackOverflowError e) {
            // Only pathological nesting gets here; say so rather than crash.
            Diagnostic tooDeep = Diagnostic.error(new Span(0, 0), "the model is nested too deeply to compile");
            return new Compilation(source, List.of(tooDeep), Optional.empty());
        }
    }

    private static Compilation run(SourceFile source, String packageName) {
        Parser.Result parsed = Parser.parse(source);
        if (parsed.program().isEmpty()) {
            return new Compilation(source, parsed.diagnostics(), Optional.empty());
        }
        Checker.Result checked = Checker.check(source, parsed.program().get());
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        diagnostics.addAll(checked.diagnostics());
        diagnostics.sort(Comparator.comparingInt(d -> d.span().start()));
        if (checked.model().isEmpty() || diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Compilation(source, diagnostics, Optional.empty());
        }
        LoweredModel lowered = Lowering.lower(checked.model().get(), new Graph(new Rewrites()));
        ReverseMode.Result derivative = ReverseMode.differentiate(lowered.graph(), lowered.loss(), lowered.parameterNodes());
        GeneratedClass generated = JavaEmitter.emit(lowered, derivative, packageName);
        return new Compilation(source, diagnostics, Optional.of(generated));
    }

    /** True for a dotted Java package name such as {@code com.example.models}, or the empty string. */
    public static boolean isValidPackageName(String name) {
        if (name.isEmpty()) {
            return true;
        }
        for (String part : name.split("\\.", -1)) {
            if (!javax.lang.model.SourceVersion.isIdentifier(part) || javax.lang.model.SourceVersion.isKeyword(part)) {
                return false;
            }
        }
        return true;
    }
}
