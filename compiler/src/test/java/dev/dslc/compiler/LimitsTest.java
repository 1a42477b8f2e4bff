package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.check.Limits;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models too large for one Java class, or for memory, are refused quickly
 * with a diagnostic naming the limit and the statement that passes it;
 * and models as deep or as long as the language allows compile.
 */
class LimitsTest {

    @Test
    void chainOf100000Statements_isRefusedWithinSeconds_atTheStatementThatPassesTheLimit() {
        String source = tanhChain(100_000);
        long start = System.nanoTime();

        Compilation compilation = compile(source);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.toSeconds() < 30, "took " + took);
        Diagnostic error = onlyError(compilation);
        assertTrue(error.message().startsWith("the generated class would be too large"), error.message());
        assertTrue(error.message().contains("MB of code"), error.message());
        assertTrue(compilation.source().text(error.span()).startsWith("h"), "names a binding");
    }

    @Test
    void manyMidSizeProducts_areLoopsSmallEnoughToCompile() {
        // [4, 8] @ [8, 8]: 256 multiply-adds, each element's sum written out in a loop over the elements; unrolled
        // element by element (as before the cold-start work), 250 of them came to more than 4 MB of code
        StringBuilder source = new StringBuilder("input x[4, 8]\nparam M[8, 8] ~ xavier\nh0 = x @ M\n");
        for (int i = 1; i <= 250; i++) {
            source.append("h").append(i).append(" = tanh(h").append(i - 1).append(" @ M)\n");
        }
        source.append("output h250\nloss sum(h250)\n");

        Compilation compilation = compile(source.toString());

        assertTrue(compilation.diagnostics().stream().noneMatch(Diagnostic::isError), compilation.diagnostics().toString());
        assertTrue(compilation.generated().orElseThrow().source().length() < 2_000_000);
    }

    @Test
    void tooManyParameterDeclarations_namesTheFirstOneTooMany() {
        StringBuilder source = new StringBuilder("input x\n");
        StringBuilder loss = new StringBuilder("loss x");
        for (int i = 0; i <= Limits.MAX_PARAMETERS; i++) {
            source.append("param p").append(i).append("\n");
            loss.append(" + p").append(i);
        }
        source.append("output x\n").append(loss).append("\n");

        Compilation compilation = compile(source.toString());

        Diagnostic error = onlyError(compilation);
        assertTrue(error.message().startsWith("too many parameters: at most 500"), error.message());
        assertEquals("param p500", compilation.source().text(error.span()));
    }

    @Test
    void tooManyLiteralNumbers_namesTheLiteralThatPassesTheLimit() {
        int half = Limits.MAX_LITERAL_NUMBERS / 2 + 1;
        String literal = "[" + "0,".repeat(half - 1) + "1]";
        String source = "input x\nparam a[" + half + "] = " + literal + "\nparam b[" + half + "] = " + literal
                + "\noutput x\nloss x * sum(a) * sum(b)\n";

        Compilation compilation = compile(source);

        Diagnostic error = onlyError(compilation);
        assertTrue(error.message().startsWith("too many literal numbers: at most 1000000"), error.message());
        assertEquals(3, compilation.source().line(error.span().start()), "the literal of b");
    }

    @Test
    void sumOf100000Terms_isRefusedForItsSize_notForItsDepth() {
        Compilation compilation = compile("input x[2]\noutput x\nloss sum(x" + " + x * x".repeat(100_000) + ")\n");

        Diagnostic error = onlyError(compilation);
        assertTrue(error.message().startsWith("the generated class would be too large"), error.message());
    }

    @Test
    void sumOf1000Terms_compilesAndAddsLeftToRight() {
        StringBuilder terms = new StringBuilder("x[0]");
        double expected = 0.1;
        for (int i = 1; i < 1_000; i++) {
            terms.append(i % 2 == 0 ? " + " : " - ").append("x[0] * ").append(i);
            expected = i % 2 == 0 ? expected + 0.1 * i : expected - 0.1 * i;
        }
        dev.dslc.runtime.Model model = TestModels.load("input x[1]\nparam w = 1\noutput x\nloss w * (" + terms + ")\n");

        assertEquals(expected, model.loss(new double[] {0.1}, new double[0]), 0.0);
    }

    private static String tanhChain(int steps) {
        StringBuilder source = new StringBuilder("input x\nparam w = 0.5\nh0 = tanh(w * x)\n");
        for (int i = 1; i <= steps; i++) {
            source.append("h").append(i).append(" = tanh(h").append(i - 1).append(")\n");
        }
        return source.append("output h").append(steps).append("\nloss h").append(steps).append("\n").toString();
    }

    private static Compilation compile(String source) {
        return Compiler.compile(new SourceFile("model.nn", source), "");
    }

    private static Diagnostic onlyError(Compilation compilation) {
        List<Diagnostic> errors = compilation.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), () -> errors.toString());
        assertTrue(compilation.generated().isEmpty());
        return errors.get(0);
    }
}
