package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every .nn file under src/test/resources/diagnostics states the diagnostics
 * it must produce in comments, {@code // expect: error LINE:COL message}, and
 * must produce exactly those (the message is a prefix of the real one).
 */
class DiagnosticsTest {
    private static final Pattern EXPECTATION = Pattern.compile("// expect: (error|warning) (\\d+):(\\d+) (.*)");
    private static final Path FOLDER = Path.of("src/test/resources/diagnostics");

    static Stream<Path> files() throws IOException {
        return Files.list(FOLDER).filter(p -> p.toString().endsWith(".nn")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void file_producesExactlyTheExpectedDiagnostics(Path file) throws IOException {
        String text = Files.readString(file);
        SourceFile source = new SourceFile(file.getFileName().toString(), text);
        List<String> expected = new ArrayList<>();
        Matcher matcher = EXPECTATION.matcher(text);
        while (matcher.find()) {
            expected.add(matcher.group(1) + " " + matcher.group(2) + ":" + matcher.group(3) + " " + matcher.group(4).strip());
        }

        Compilation compilation = Compiler.compile(source, "");

        List<String> actual = new ArrayList<>();
        for (Diagnostic diagnostic : compilation.diagnostics()) {
            int start = diagnostic.span().start();
            actual.add(diagnostic.severity().label() + " " + source.line(start) + ":" + source.column(start) + " "
                    + diagnostic.message());
        }
        assertEquals(expected.size(), actual.size(), "expected " + expected + "\nbut got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(actual.get(i).startsWith(expected.get(i)), "expected " + expected.get(i) + "\nbut got " + actual.get(i));
        }
        assertEquals(compilation.hasErrors(), compilation.generated().isEmpty(), "a class is generated exactly when there are no errors");
    }

    @org.junit.jupiter.api.Test
    void emptyFile_saysWhatAModelNeeds_atLineOne() {
        for (String empty : List.of("", "\n\n", "// only a comment\n", "/* unterminated")) {
            SourceFile source = new SourceFile("empty.nn", empty);
            Compilation compilation = Compiler.compile(source, "");

            List<String> printed = compilation.diagnostics().stream()
                    .map(d -> DiagnosticPrinter.headline(source, d, "empty.nn")).toList();
            List<String> expected = empty.startsWith("/*")
                    ? List.of("empty.nn:1:1: error: unterminated comment: '/*' without '*/'")
                    : List.of("empty.nn:1:1: error: no 'input': a model needs at least one input",
                            "empty.nn:1:1: error: no 'output' statement", "empty.nn:1:1: error: no 'loss' statement");
            assertEquals(expected, printed, "for " + empty);
        }
    }

    @org.junit.jupiter.api.Test
    void printer_showsTheSourceLineAndACaretUnderTheSpan() {
        SourceFile source = new SourceFile("m.nn", "input x[3]\nparam W[4, 2]\nh = W @ x\n");
        Compilation compilation = Compiler.compile(source, "");

        String printed = DiagnosticPrinter.format(source, compilation.diagnostics().get(0));

        assertEquals("m.nn:1:1: error: no 'output' statement\ninput x[3]\n^", printed);
        String mismatch = DiagnosticPrinter.format(source, compilation.diagnostics().get(2));
        assertEquals("m.nn:3:7: error: shape mismatch: [4, 2] @ [3]\nh = W @ x\n      ^", mismatch);
    }

    @org.junit.jupiter.api.Test
    void printer_keepsTabsSoTheCaretLinesUp() {
        SourceFile source = new SourceFile("t.nn", "input x[2]\n\toutput\ty9\nloss sum(x)\n");
        Compilation compilation = Compiler.compile(source, "");

        String printed = DiagnosticPrinter.format(source, compilation.diagnostics().get(0));

        assertEquals("t.nn:2:9: error: undefined name 'y9'\n\toutput\ty9\n\t      \t^~", printed);
    }
}
