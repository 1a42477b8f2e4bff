package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source of two small samples, compared exactly with the files
 * under src/test/resources/golden, so that any change in what users get shows
 * up in review. After an intended change, regenerate them with
 * {@code mvn -pl compiler test -Dtest=GoldenFileTest -Ddslc.updateGolden=true}.
 */
class GoldenFileTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"seed221.nn", "xor.nn"})
    void generatedSource_matchesTheGoldenFile(String sample) throws IOException {
        Compilation compilation = Compiler.compile(new SourceFile(sample, TestModels.sampleSource(sample)), "dev.dslc.samples");
        String source = compilation.generated().orElseThrow().source();
        Path golden = GOLDEN.resolve(compilation.generated().get().className() + ".java.txt");
        if (Boolean.getBoolean("dslc.updateGolden")) {
            Files.writeString(golden, source);
        }

        assertEquals(Files.readString(golden), source);
    }
}
