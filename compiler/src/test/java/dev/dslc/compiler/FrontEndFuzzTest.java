package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The whole front end, from text to Java source, on arbitrary input: every
 * input ends in a class or in diagnostics. Nothing escapes (an exception, a
 * StackOverflowError, an OutOfMemoryError), nothing hangs, and the
 * diagnostics are well formed.
 *
 * <p>In every build this runs on the seed corpus only (Jazzer's regression
 * mode): every {@code .nn} file in the repository, copied by the pom into
 * {@code FrontEndFuzzTestInputs/compile/repository}, plus the inputs kept in
 * {@code src/test/resources/dev/dslc/compiler/FrontEndFuzzTestInputs/compile},
 * where Jazzer also writes any crashing input it finds. CI fuzzes it for a
 * bounded time; docs/robustness.md gives the command for a longer run.
 */
class FrontEndFuzzTest {
    /** What {@link Compiler} says when it catches a StackOverflowError: reaching it is a bug. */
    private static final String STACK_OVERFLOW = "the model is nested too deeply to compile";

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void compile(byte[] input) {
        // Malformed UTF-8 becomes U+FFFD here; the command line refuses such a file before compiling.
        String text = new String(input, StandardCharsets.UTF_8);
        SourceFile source = new SourceFile("fuzz.nn", text);

        Compilation compilation = Compiler.compile(source, "dev.dslc.fuzz");

        assertEquals(compilation.hasErrors(), compilation.generated().isEmpty(),
                "a class exactly when there are no errors");
        for (Diagnostic diagnostic : compilation.diagnostics()) {
            assertFalse(diagnostic.message().equals(STACK_OVERFLOW), "the stack overflowed");
            assertTrue(diagnostic.span().end() <= text.length(), () -> "span past the end: " + diagnostic);
            assertFalse(diagnostic.message().isBlank());
            DiagnosticPrinter.format(source, diagnostic);
        }
        compilation.generated().ifPresent(generated -> {
            assertTrue(generated.source().contains("class " + generated.className() + " implements"));
        });
    }
}
