package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way of nesting an expression is refused past 256 levels, with a
 * diagnostic at the place, before the recursive-descent parser sees it; and
 * up to the limit the whole compiler fits in a small thread stack.
 */
class NestingTest {
    private static final String HEAD = "input x[2]\nparam W[2, 2] ~ xavier\noutput x\n";

    static Stream<Arguments> nestings() {
        return Stream.of(
                nesting("parentheses", n -> "loss sum(" + "(".repeat(n) + "W @ x" + ")".repeat(n) + ")"),
                nesting("calls", n -> "loss sum(" + "tanh(".repeat(n) + "W @ x" + ")".repeat(n) + ")"),
                nesting("unary minus", n -> "loss sum(" + "-".repeat(n) + "(W @ x))"),
                nesting("powers", n -> "loss sum(W @ x" + " ^ 1.0001".repeat(n) + ")"),
                nesting("transposes", n -> "loss sum(W" + "'".repeat(n) + " @ x)"),
                nesting("mixed", n -> "loss sum(" + "tanh(-(W @ ".repeat(n / 3) + "x" + "))".repeat(n / 3) + ")"));
    }

    /** The compilable nestings, and two that can only be errors however deep they are. */
    static Stream<Arguments> allNestings() {
        return Stream.concat(nestings(), Stream.of(
                nesting("indices", n -> "loss sum(x" + "[0]".repeat(n) + ")"),
                nesting("literal brackets", n -> "loss sum(x + " + "[".repeat(n) + "1" + "]".repeat(n) + ")")));
    }

    private static Arguments nesting(String name, IntFunction<String> loss) {
        return Arguments.of(name, loss);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allNestings")
    void pastTheLimit_isOneDiagnosticAtTheLevelThatPassesIt(String name, IntFunction<String> loss) {
        Compilation compilation = Compiler.compile(new SourceFile("deep.nn", HEAD + loss.apply(100_000) + "\n"), "");

        assertEquals(1, compilation.diagnostics().size(), () -> compilation.diagnostics().toString());
        Diagnostic error = compilation.diagnostics().get(0);
        assertTrue(error.message().startsWith("nested too deeply: more than 256 levels"), error.message());
        assertEquals(4, compilation.source().line(error.span().start()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestings")
    void atTheLimit_compilesInAHalfMegabyteStack(String name, IntFunction<String> loss) throws InterruptedException {
        String source = HEAD + loss.apply(250) + "\n";
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(Compiler.compile(new SourceFile("deep.nn", source), ""));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        thread.join();

        assertTrue(result.get() instanceof Compilation, () -> String.valueOf(result.get()));
        Compilation compilation = (Compilation) result.get();
        assertTrue(compilation.generated().isPresent(), () -> compilation.diagnostics().toString());
    }
}
