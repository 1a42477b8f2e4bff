package dev.dslc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and removing stays inside the output directory, and removes only what the plugin wrote. */
class GeneratedFilesTest {
    private static final String CLASS = "class Xor {}";

    @TempDir
    Path temp;

    private Path out() {
        return temp.resolve("project/target/generated-sources/dslc");
    }

    private Path outside() throws IOException {
        Path file = temp.resolve("other/Xor.java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "their file");
    }

    @Test
    void write_createsTheFileAndItsFolders_onlyWhenTheContentChanges() throws IOException {
        GeneratedFiles files = new GeneratedFiles(out());

        assertTrue(files.write("com/example/Xor.java", CLASS));
        assertFalse(files.write("com/example/Xor.java", CLASS));

        assertEquals(CLASS, Files.readString(out().resolve("com/example/Xor.java")));
        assertEquals(List.of(out().resolve("com/example/Xor.java")), filesBelow(temp));
    }

    @Test
    void write_refusesAPathThatLeavesTheOutputDirectory() throws IOException {
        Path theirs = outside();
        GeneratedFiles files = new GeneratedFiles(out());

        for (String path : List.of("../../../../other/Xor.java", theirs.toString(), "a/../../x.java", ".", "")) {
            IOException refused = assertThrows(IOException.class, () -> files.write(path, CLASS), path);
            assertTrue(refused.getMessage().startsWith("refusing to write " + path), refused.getMessage());
        }
        assertEquals("their file", Files.readString(theirs));
    }

    @Test
    void write_refusesToFollowALinkedFolderOutOfTheOutputDirectory() throws IOException {
        Path theirs = outside();
        Files.createDirectories(out());
        Files.createSymbolicLink(out().resolve("com"), theirs.getParent());
        GeneratedFiles files = new GeneratedFiles(out());

        IOException refused = assertThrows(IOException.class, () -> files.write("com/example/Xor.java", CLASS));

        assertTrue(refused.getMessage().contains("a symbolic link on the way leads out of"), refused.getMessage());
        assertFalse(Files.exists(theirs.getParent().resolve("example")), "no folder created through the link");
        assertEquals(List.of(theirs), filesBelow(temp.resolve("other")));
    }

    @Test
    void write_replacesALinkToAFileOutside_insteadOfWritingThroughIt() throws IOException {
        Path theirs = outside();
        Files.createDirectories(out());
        Files.createSymbolicLink(out().resolve("Xor.java"), theirs);

        assertTrue(new GeneratedFiles(out()).write("Xor.java", CLASS));

        assertEquals("their file", Files.readString(theirs));
        assertFalse(Files.isSymbolicLink(out().resolve("Xor.java")));
        assertEquals(CLASS, Files.readString(out().resolve("Xor.java")));
    }

    @Test
    void remove_deletesTheFileItWrote_andTheFoldersLeftEmpty_butNotTheOutputDirectory() throws IOException {
        GeneratedFiles files = new GeneratedFiles(out());
        files.write("com/example/Xor.java", CLASS);

        assertEquals(GeneratedFiles.Removal.REMOVED, files.remove("com/example/Xor.java", hash(CLASS)));

        assertFalse(Files.exists(out().resolve("com")));
        assertTrue(Files.isDirectory(out()));
        assertEquals(GeneratedFiles.Removal.ABSENT, files.remove("com/example/Xor.java", hash(CLASS)));
    }

    @Test
    void remove_keepsAFileEditedSinceItWasWritten() throws IOException {
        GeneratedFiles files = new GeneratedFiles(out());
        files.write("Xor.java", CLASS);
        Files.writeString(out().resolve("Xor.java"), CLASS + " // mine now");

        assertEquals(GeneratedFiles.Removal.KEPT_EDITED, files.remove("Xor.java", hash(CLASS)));

        assertEquals(CLASS + " // mine now", Files.readString(out().resolve("Xor.java")));
    }

    @Test
    void remove_neverDeletesOutsideTheOutputDirectory_evenWithTheRightHash() throws IOException {
        Path theirs = outside();
        GeneratedFiles files = new GeneratedFiles(out());
        files.write("Keep.java", CLASS);

        for (String path : List.of("../../../other/Xor.java", "../../../../other/Xor.java", theirs.toString())) {
            assertEquals(GeneratedFiles.Removal.KEPT_OUTSIDE, files.remove(path, hash("their file")), path);
        }
        assertEquals("their file", Files.readString(theirs));
    }

    @Test
    void remove_doesNotFollowALinkedFolderOut() throws IOException {
        Path theirs = outside();
        Files.createDirectories(out());
        Files.createSymbolicLink(out().resolve("com"), theirs.getParent());

        GeneratedFiles.Removal removal = new GeneratedFiles(out()).remove("com/Xor.java", hash("their file"));

        assertEquals(GeneratedFiles.Removal.KEPT_OUTSIDE, removal);
        assertEquals("their file", Files.readString(theirs));
    }

    @Test
    void remove_keepsALinkWhereItWroteAFile_andWhatTheLinkPointsTo() throws IOException {
        Path theirs = outside();
        Files.createDirectories(out());
        Files.createSymbolicLink(out().resolve("Xor.java"), theirs);

        GeneratedFiles.Removal removal = new GeneratedFiles(out()).remove("Xor.java", hash("their file"));

        assertEquals(GeneratedFiles.Removal.KEPT_NOT_A_FILE, removal);
        assertTrue(Files.isSymbolicLink(out().resolve("Xor.java")));
        assertEquals("their file", Files.readString(theirs));
    }

    @Test
    void remove_prunesRealFoldersOnly_notALinkThatBecameEmpty() throws IOException {
        GeneratedFiles files = new GeneratedFiles(out());
        files.write("real/Xor.java", CLASS);
        Files.createSymbolicLink(out().resolve("a"), out().resolve("real"));

        assertEquals(GeneratedFiles.Removal.REMOVED, files.remove("a/Xor.java", hash(CLASS)));

        assertTrue(Files.isSymbolicLink(out().resolve("a")));
        assertTrue(Files.isDirectory(out().resolve("real")));
    }

    @Test
    void inside_resolvesBelowTheRoot_orGivesNull() {
        GeneratedFiles files = new GeneratedFiles(out());

        assertEquals(out().resolve("com/example/Xor.java"), files.inside("com/example/Xor.java"));
        assertEquals(out().resolve("Xor.java"), files.inside("com/../Xor.java"));
        assertNull(files.inside("../dslc2/Xor.java"));
        assertNull(files.inside("/etc/passwd"));
        assertNull(files.inside("bad\0name"));
    }

    @Test
    void writeIfChanged_leavesNoTemporaryFileBehind() throws IOException {
        Path file = temp.resolve("state");

        assertTrue(GeneratedFiles.writeIfChanged(file, "one"));
        assertTrue(GeneratedFiles.writeIfChanged(file, "two"));

        assertEquals(List.of(file), filesBelow(temp));
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static String hash(String text) {
        return Fingerprint.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every file and link below {@code folder}, but not folders. */
    private static List<Path> filesBelow(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }
}
