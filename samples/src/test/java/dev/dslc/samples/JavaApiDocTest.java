package dev.dslc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Evaluation;
import dev.dslc.runtime.ParameterFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/java-api.md shows only code that the build compiles and runs: each
 * fenced block after {@code <!-- file: PATH -->} is that file, whole; each
 * after {@code <!-- in: PATH -->} is a part of it (an invoker test's pom);
 * the block after {@code <!-- output -->} is what the example prints.
 */
class JavaApiDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- (file|in|output)(?:: (\\S+))? -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path directory;

    /** A marked block of the page: its kind, the path it names (or null) and its text. */
    private record Block(String kind, String path, String text) {
    }

    private static List<Block> blocks() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/java-api.md"));
        List<Block> blocks = new ArrayList<>();
        Matcher block = MARKED_BLOCK.matcher(page);
        while (block.find()) {
            blocks.add(new Block(block.group(1), block.group(2), block.group(3)));
        }
        return blocks;
    }

    private static List<Block> blocks(String kind) throws IOException {
        return blocks().stream().filter(block -> block.kind().equals(kind)).toList();
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).toList();
    }

    @Test
    void everyFileShown_isTheFileTheBuildCompiles() throws IOException {
        List<Block> files = blocks("file");
        assertEquals(List.of("samples/flower.nn", "samples/src/main/java/dev/dslc/samples/FlowerExample.java",
                "samples/src/test/java/dev/dslc/samples/FlowerTest.java"),
                files.stream().map(Block::path).toList());
        for (Block file : files) {
            assertEquals(Files.readString(ROOT.resolve(file.path())), file.text(), file.path());
        }
    }

    @Test
    void everyPomPartShown_isInAPomThatAnInvokerTestBuilds() throws IOException {
        List<Block> parts = blocks("in");
        assertEquals(2, parts.size());
        for (Block part : parts) {
            List<String> pom = trimmedLines(Files.readString(ROOT.resolve(part.path())));
            List<String> shown = trimmedLines(part.text());
            assertTrue(java.util.Collections.indexOfSubList(pom, shown) >= 0, part.path() + " lacks\n" + part.text());
        }
    }

    @Test
    void example_printsWhatThePageShows_andItsSavedModelPredictsTheSame() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path saved = directory.resolve("flower.params");

        Evaluation test = FlowerExample.run(Path.of("data/iris.csv"), saved,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(blocks("output").get(0).text(), printed.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
        assertEquals(30, test.examples());
        assertTrue(test.accuracy() >= 0.9, test.toString());
        Flower restored = new Flower();
        ParameterFile.load(restored, saved);
        Dataset.Split parts = CsvFile.read(Path.of("data/iris.csv"), restored).split(0.2, 42L);
        assertEquals(test, Evaluation.of(restored, parts.test()), "the saved model is the trained one");
        assertFalse(test.equals(Evaluation.of(new Flower(), parts.test())), "an untrained model does as well");
    }

    @Test
    void readme_linksThePage_andNamesEverySubcommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("(docs/java-api.md)"), "README.md does not link docs/java-api.md");
        for (String subcommand : List.of("train", "predict", "explain", "graph")) {
            assertTrue(Pattern.compile("(?m)^ *- `dslc " + subcommand + " ").matcher(readme).find(),
                    "README.md has no line for dslc " + subcommand);
        }
    }
}
