package dev.dslc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void write_createsFoldersAndLeavesNoTemporaryFile() throws IOException {
        assertTrue(AtomicFileWriter.write(dir.resolve("com/example/Xor.java"), "class Xor {}\n"));
        assertEquals("class Xor {}\n", Files.readString(dir.resolve("com/example/Xor.java")));
        assertEquals(List.of("com/example/Xor.java"), filesUnder(dir));
    }

    @Test
    void write_replacesDifferentContent() throws IOException {
        Path target = Files.writeString(dir.resolve("Xor.java"), "class Old {}\n");
        assertTrue(AtomicFileWriter.write(target, "class Xor {}\n"));
        assertEquals("class Xor {}\n", Files.readString(target));
        assertEquals(List.of("Xor.java"), filesUnder(dir));
    }

    @Test
    void write_sameContent_leavesTheFileUntouched() throws IOException {
        Path target = Files.writeString(dir.resolve("Xor.java"), "class Xor {}\n");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target, old);
        assertFalse(AtomicFileWriter.write(target, "class Xor {}\n"));
        assertEquals(old, Files.getLastModifiedTime(target));
    }

    @Test
    void write_givesTheFileTheModeANewFileGets() throws IOException {
        Path target = dir.resolve("Xor.java");
        AtomicFileWriter.write(target, "class Xor {}\n");
        Path plain = Files.createFile(dir.resolve("Plain.java"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }

    @Test
    void write_failedMove_leavesNoPartialOrTemporaryFile() throws IOException {
        // A non-empty folder where the file should go: the rename over it fails.
        Path target = Files.createDirectory(dir.resolve("Xor.java"));
        Files.writeString(target.resolve("keep.txt"), "keep\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFileWriter.write(target, "class Xor {}\n"));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
        assertEquals(List.of("Xor.java/keep.txt"), filesUnder(dir));
    }

    @Test
    void write_whereAFileStandsForAFolder_saysSo() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("gen"), "");
        IOException e = assertThrows(IOException.class,
                () -> AtomicFileWriter.write(notAFolder.resolve("Xor.java"), "class Xor {}\n"));
        assertEquals("cannot write " + notAFolder.resolve("Xor.java") + ": not a directory: " + notAFolder,
                e.getMessage());
    }

    @Test
    void write_whenATemporaryNameIsTaken_triesAnother_andLeavesThatFileAlone() throws IOException {
        Path theirs = Files.writeString(dir.resolve(".Xor.java.1.tmp"), "someone else's\n");
        long[] names = {1, 2};
        int[] drawn = {0};

        assertTrue(AtomicFileWriter.write(dir.resolve("Xor.java"), "class Xor {}\n", () -> names[drawn[0]++]));

        assertEquals(2, drawn[0]);
        assertEquals("someone else's\n", Files.readString(theirs));
        assertEquals(List.of(".Xor.java.1.tmp", "Xor.java"), filesUnder(dir));
    }

    @Test
    void write_whenEveryTemporaryNameIsTaken_failsNamingTheTarget_andDeletesNothing() throws IOException {
        Path theirs = Files.writeString(dir.resolve(".Xor.java.1.tmp"), "someone else's\n");

        IOException e = assertThrows(IOException.class,
                () -> AtomicFileWriter.write(dir.resolve("Xor.java"), "class Xor {}\n", () -> 1));

        assertEquals("cannot write " + dir.resolve("Xor.java") + ": no free name for a temporary file beside it, "
                + "the last tried: " + theirs, e.getMessage());
        assertEquals("someone else's\n", Files.readString(theirs));
        assertEquals(List.of(".Xor.java.1.tmp"), filesUnder(dir));
    }

    @Test
    void write_overALink_replacesTheLink_andLeavesTheFileItPointsTo() throws IOException {
        Path elsewhere = Files.writeString(Files.createDirectory(dir.resolve("elsewhere")).resolve("Xor.java"), "mine\n");
        Path target = Files.createSymbolicLink(Files.createDirectory(dir.resolve("gen")).resolve("Xor.java"), elsewhere);

        assertTrue(AtomicFileWriter.write(target, "class Xor {}\n"));

        assertEquals("mine\n", Files.readString(elsewhere));
        assertFalse(Files.isSymbolicLink(target));
        assertEquals("class Xor {}\n", Files.readString(target));
    }

    /** Every file below {@code root}, as sorted relative paths with forward slashes. */
    static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
