package dev.dslc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelScannerTest {

    @Test
    void doubleStar_matchesTopLevelAndNestedFiles() {
        ModelScanner scanner = new ModelScanner(List.of("**/*.nn"), List.of());
        assertTrue(scanner.selects(Path.of("xor.nn")));
        assertTrue(scanner.selects(Path.of("com/example/xor.nn")));
        assertFalse(scanner.selects(Path.of("com/example/xor.nnx")));
        assertFalse(scanner.selects(Path.of("notes.txt")));
    }

    @Test
    void singleStar_staysInOneFolder() {
        ModelScanner scanner = new ModelScanner(List.of("*.nn"), List.of());
        assertTrue(scanner.selects(Path.of("xor.nn")));
        assertFalse(scanner.selects(Path.of("a/xor.nn")));
    }

    @Test
    void excludes_winOverIncludes() {
        ModelScanner scanner = new ModelScanner(List.of("**/*.nn"), List.of("drafts/", "**/old_*.nn"));
        assertTrue(scanner.selects(Path.of("a/xor.nn")));
        assertFalse(scanner.selects(Path.of("drafts/xor.nn")));
        assertFalse(scanner.selects(Path.of("drafts/deep/xor.nn")));
        assertFalse(scanner.selects(Path.of("a/old_xor.nn")));
    }

    @Test
    void questionMark_isOneCharacter_andDotsAreLiteral() {
        ModelScanner scanner = new ModelScanner(List.of("net?.nn"), List.of());
        assertTrue(scanner.selects(Path.of("net1.nn")));
        assertFalse(scanner.selects(Path.of("net12.nn")));
        assertFalse(scanner.selects(Path.of("net1xnn")));
    }

    @Test
    void scan_returnsSortedRelativePaths_andNothingForAMissingFolder(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("b/deep"));
        Files.writeString(root.resolve("b/deep/z.nn"), "");
        Files.writeString(root.resolve("a.nn"), "");
        Files.writeString(root.resolve("b/readme.md"), "");

        assertEquals(List.of(Path.of("a.nn"), Path.of("b/deep/z.nn")),
                new ModelScanner(List.of("**/*.nn"), List.of()).scan(root));
        assertEquals(List.of(Path.of("a.nn")), new ModelScanner(List.of("*.nn"), List.of()).scan(root));
        assertEquals(List.of(), new ModelScanner(List.of("**/*.nn"), List.of()).scan(root.resolve("missing")));
    }
}
