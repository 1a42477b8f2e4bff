package dev.dslc.compiler;

import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.check.CheckedModel;
import dev.dslc.compiler.check.Checker;
import dev.dslc.compiler.check.Limits;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.emit.ClassLimits;
import dev.dslc.compiler.emit.EmitOptions;
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
        return compile(source, packageName, EmitOptions.DEFAULT);
    }

    /** Compiles one model, with the emitted code written as {@code options} say. */
    public static Compilation compile(SourceFile source, String packageName, EmitOptions options) {
        Analysis analysis = analyze(source, options.derivatives());
        try {
            Optional<GeneratedClass> generated = analysis.differentiated().map(d -> d.emit(packageName, options));
            return new Compilation(source, analysis.diagnostics(), generated);
        } catch (StackOverflowError e) {
            return new Compilation(source, List.of(tooDeep()), Optional.empty());
        }
    }

    /**
     * The stages before emission, for tools that show the model rather than
     * compile it ({@code dslc explain}, {@code dslc graph}).
     *
     * <pre>{@code
     * Analysis analysis = Compiler.analyze(new SourceFile("seed221.nn", text));
     * analysis.differentiated().ifPresent(d -> System.out.println(d.derivative().gradients()));
     * }</pre>
     */
    public static Analysis analyze(SourceFile source) {
        return analyze(source, EmitOptions.DerivativeEntryPoints.NONE);
    }

    /** The stages before emission, with the derivatives beyond the loss gradient that {@code entryPoints} asks for. */
    public static Analysis analyze(SourceFile source, EmitOptions.DerivativeEntryPoints entryPoints) {
        try {
            return run(source, entryPoints);
        } catch (StackOverflowError e) {
            return new Analysis(List.of(tooDeep()), Optional.empty());
        }
    }

    /** Only pathological nesting overflows the stack; say so rather than crash. */
    private static Diagnostic tooDeep() {
        return Diagnostic.error(new Span(0, 0), "the model is nested too deeply to compile");
    }

    private static Analysis run(SourceFile source, EmitOptions.DerivativeEntryPoints entryPoints) {
        Parser.Result parsed = Parser.parse(source);
        if (parsed.program().isEmpty()) {
            return new Analysis(parsed.diagnostics(), Optional.empty());
        }
        Checker.Result checked = Checker.check(source, parsed.program().get());
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        diagnostics.addAll(checked.diagnostics());
        diagnostics.sort(Comparator.comparingInt(d -> d.span().start()));
        if (checked.model().isEmpty() || diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Analysis(diagnostics, Optional.empty());
        }
        CheckedModel model = checked.model().get();
        if (addLimitErrors(diagnostics, Limits.check(model))) {
            return new Analysis(diagnostics, Optional.empty());
        }
        LoweredModel lowered = Lowering.lower(model, new Graph(new Rewrites()));
        ReverseMode.Result derivative = ReverseMode.differentiate(lowered.graph(), lowered.loss(), lowered.trainableNodes());
        Derivatives more = entryPoints == EmitOptions.DerivativeEntryPoints.NONE ? Derivatives.NONE
                : Derivatives.build(lowered.graph(), lowered.loss(), lowered.output(), lowered.inputNodes(),
                        lowered.trainableNodes(), derivative, entryPoints.maxOperations(), entryPoints.maxJacobianRows());
        Fitted fitted = withinLimits(model, lowered, derivative, more, entryPoints, diagnostics);
        if (addLimitErrors(diagnostics, fitted.limitErrors())) {
            return new Analysis(diagnostics, Optional.empty());
        }
        return new Analysis(diagnostics, Optional.of(new Differentiated(lowered, derivative, fitted.more())));
    }

    /**
     * The derivative entry points the class can hold: they must not cost a model that fits without them its
     * class, so where they would pass its limits the Jacobian goes first, as the widest, then the others;
     * under {@code --derivatives all} with a warning that says which and why.
     */
    private static Fitted withinLimits(CheckedModel model, LoweredModel lowered, ReverseMode.Result derivative,
            Derivatives more, EmitOptions.DerivativeEntryPoints entryPoints, List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = ClassLimits.check(model, lowered, derivative, more);
        for (Derivatives fewer : List.of(more.withoutJacobian(), Derivatives.NONE)) {
            if (errors.isEmpty()) {
                break;
            }
            if (fewer.equals(more)) {
                continue;
            }
            List<Diagnostic> fewerErrors = ClassLimits.check(model, lowered, derivative, fewer);
            if (fewerErrors.isEmpty() && entryPoints == EmitOptions.DerivativeEntryPoints.ALL) {
                boolean none = fewer == Derivatives.NONE;
                diagnostics.add(Diagnostic.warning(new Span(0, 0), "--derivatives all: "
                        + (none ? "the derivative entry points" : "the jacobian entry point")
                        + " would pass the generated class's limits (" + errors.get(0).message()
                        + "); the class is generated without " + (none ? "them" : "it")));
            }
            more = fewer;
            errors = fewerErrors;
        }
        return new Fitted(more, errors);
    }

    /** The entry points kept, and the class's limit errors with them (none if it fits; the model's own if not). */
    private record Fitted(Derivatives more, List<Diagnostic> limitErrors) {
    }

    /** Adds a model's size errors in source order; true if there were any. */
    private static boolean addLimitErrors(List<Diagnostic> diagnostics, List<Diagnostic> limitErrors) {
        diagnostics.addAll(limitErrors);
        diagnostics.sort(Comparator.comparingInt(d -> d.span().start()));
        return !limitErrors.isEmpty();
    }

    /**
     * A model lowered to IR together with its derivatives: the loss gradient
     * and those of the entry points beyond it.
     */
    public record Differentiated(LoweredModel model, ReverseMode.Result derivative, Derivatives more) {

        /** The emit stage: the class in {@code packageName} (empty for the default package). */
        public GeneratedClass emit(String packageName, EmitOptions options) {
            return JavaEmitter.emit(model, derivative, more, packageName, options);
        }
    }

    /**
     * What the stages before emission produced: diagnostics in source order
     * and, when there were no errors, the differentiated model.
     */
    public record Analysis(List<Diagnostic> diagnostics, Optional<Differentiated> differentiated) {
        public Analysis {
            diagnostics = List.copyOf(diagnostics);
        }
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
