package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.AtomicFileWriterTest.filesUnder;
import static dev.dslc.compiler.cli.Invocation.dslc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile command end to end. Tests that name the real compiler run
 * {@code Compiler.compile}; the others put a stand-in compiler in its place to
 * test what the command itself does.
 */
class CompileCommandTest {

    @TempDir
    Path dir;

    // Exit 0 and where the class goes (real compiler)

    @Test
    void realCompiler_validModel_writesClassInWorkingDirectory_exits0() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(dir, "xor.nn");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertEquals("", run.out());
        assertTrue(Files.readString(dir.resolve("Xor.java")).contains("class Xor"));
    }

    @Test
    void realCompiler_packageOption_writesUnderPackageFolders() throws IOException {
        write("models/xor.nn", Models.XOR);
        Invocation run = dslc(dir, "-d", "gen", "-p", "com.example.nets", "models/xor.nn");
        assertEquals(0, run.status(), run.err());
        String source = Files.readString(dir.resolve("gen/com/example/nets/Xor.java"));
        assertTrue(source.contains("package com.example.nets;"), source);
        assertEquals(List.of("gen/com/example/nets/Xor.java", "models/xor.nn"), filesUnder(dir));
    }

    @Test
    void realCompiler_check_writesNothing_exits0() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(dir, "--check", "-d", "gen", "xor.nn");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("xor.nn"), filesUnder(dir));
    }

    @Test
    void realCompiler_vectorApi_writesDotProductsWithTheVectorApi_andOnlyThen() throws IOException {
        write("mnist.nn", dev.dslc.compiler.ModelSources.twoLayer(784, 32, 10, "relu"));
        Invocation plain = dslc(dir, "-d", "plain", "mnist.nn");
        Invocation vector = dslc(dir, "--vector-api", "-d", "vector", "mnist.nn");

        assertEquals(0, plain.status(), plain.err());
        assertEquals(0, vector.status(), vector.err());
        assertEquals("", vector.err());
        String plainSource = Files.readString(dir.resolve("plain/Mnist.java"));
        String vectorSource = Files.readString(dir.resolve("vector/Mnist.java"));
        assertTrue(vectorSource.contains("import jdk.incubator.vector.DoubleVector;"), vectorSource);
        assertTrue(vectorSource.contains(".reduceLanes(VectorOperators.ADD)"), vectorSource);
        assertTrue(!plainSource.contains("jdk.incubator"), plainSource);
    }

    // Exit 1 (real compiler)

    @Test
    void realCompiler_undefinedName_printsDiagnosticsAndSummary_exits1() throws IOException {
        write("bad.nn", Models.UNDEFINED_NAME);
        Invocation run = dslc(dir, "bad.nn");
        assertEquals(1, run.status());
        List<String> lines = run.errLines();
        assertTrue(lines.get(0).matches("bad\\.nn:\\d+:\\d+: error: .+"), run.err());
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ errors?"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void realCompiler_fileWithErrors_writesNothing() throws IOException {
        write("bad.nn", Models.UNDEFINED_NAME);
        dslc(dir, "-d", "gen", "-p", "com.example", "bad.nn");
        assertEquals(List.of("bad.nn"), filesUnder(dir));
    }

    @Test
    void warnings_areReportedAndCounted_exits0() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(Models.generating("Xor", "unused parameter"), dir, "xor.nn");
        assertEquals(0, run.status());
        assertEquals(List.of("xor.nn:1:1: warning: unused parameter", "model Xor", "^~~~~", "1 warning"),
                run.errLines());
        assertTrue(Files.exists(dir.resolve("Xor.java")));
    }

    @Test
    void twoInputsMakingOneClass_secondIsAnError_exits1() throws IOException {
        write("a.nn", Models.XOR);
        write("b.nn", Models.XOR.replace("loss   bce(p, y)", "loss   mse(p, y)"));
        Invocation run = dslc(Models.generating("Xor"), dir, "-p", "com.example", "a.nn", "b.nn");
        assertEquals(1, run.status());
        assertEquals(List.of("dslc: error: b.nn: class com.example.Xor is already generated from a.nn", "1 error"),
                run.errLines());
        assertTrue(Files.exists(dir.resolve("com/example/Xor.java")));
    }

    // Exit 2: usage and I/O problems

    @Test
    void missingFile_isReported_exits2() {
        Invocation run = dslc(dir, "missing.nn");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: missing.nn: no such file"), run.errLines());
    }

    @Test
    void unreadableFile_isReported_exits2() throws IOException {
        Path file = write("secret.nn", Models.XOR);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        Invocation run = dslc(dir, "secret.nn");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: secret.nn: permission denied"), run.errLines());
    }

    @Test
    void directoryGivenAsFile_isReported_exits2() throws IOException {
        Files.createDirectory(dir.resolve("models.nn"));
        Invocation run = dslc(dir, "models.nn");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: models.nn: is a directory"), run.errLines());
    }

    @Test
    void fileThatIsNotUtf8_isReported_exits2() throws IOException {
        Files.write(dir.resolve("latin1.nn"), "model Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Invocation run = dslc(dir, "latin1.nn");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: latin1.nn: not valid UTF-8 (line 1, byte offset 9)"), run.errLines());
    }

    @Test
    void outputDirectoryThatIsAFile_isReported_exits2() throws IOException {
        write("xor.nn", Models.XOR);
        write("gen", "not a folder");
        Invocation run = dslc(Models.generating("Xor"), dir, "-d", "gen", "xor.nn");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("dslc: error: cannot write " + dir.resolve("gen/Xor.java") + ": "), run.err());
        assertEquals(1, run.errLines().size(), run.err());
    }

    @Test
    void outputDirectoryNotWritable_isReported_exits2() throws IOException {
        write("xor.nn", Models.XOR);
        Path gen = Files.createDirectory(dir.resolve("gen"));
        Files.setPosixFilePermissions(gen, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(gen), "running as root: every folder is writable");
        Invocation run = dslc(Models.generating("Xor"), dir, "-d", "gen", "xor.nn");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("permission denied"), run.err());
    }

    @Test
    void failedFile_doesNotStopTheOthers_exitStatusIsTheWorst() throws IOException {
        write("a.nn", Models.XOR);
        write("c.nn", Models.XOR);
        Invocation run = dslc(Models.generating("Xor"), dir, "-d", "a", "a.nn", "missing.nn");
        Invocation second = dslc(Models.generating("Xor"), dir, "-d", "c", "missing.nn", "c.nn");
        assertEquals(2, run.status());
        assertEquals(2, second.status());
        assertTrue(Files.exists(dir.resolve("a/Xor.java")));
        assertTrue(Files.exists(dir.resolve("c/Xor.java")));
    }

    // Exit 3: bugs in dslc

    @Test
    void compilerThrows_isReportedAsABugInOneLine_exits3() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(Models.throwing(new IllegalStateException("no rule for\nop")), dir, "xor.nn");
        assertEquals(3, run.status());
        assertEquals(List.of("dslc: internal error while compiling xor.nn (a bug in dslc): "
                + "java.lang.IllegalStateException: no rule for op; rerun with --verbose for the stack trace"),
                run.errLines());
    }

    @Test
    void compilerOverflowsTheStack_isReportedAsABug_exits3() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(Models.overflowingTheStack(), dir, "xor.nn");
        assertEquals(3, run.status());
        assertTrue(run.err().startsWith("dslc: internal error while compiling xor.nn (a bug in dslc): "
                + "java.lang.StackOverflowError"), run.err());
        assertEquals(1, run.errLines().size());
    }

    @Test
    void compilerThrows_withVerbose_printsTheStackTrace() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(Models.throwing(new IllegalStateException("boom")), dir, "--verbose", "xor.nn");
        assertEquals(3, run.status());
        assertEquals("dslc: internal error while compiling xor.nn (a bug in dslc): java.lang.IllegalStateException: boom",
                run.errLines().get(0));
        assertTrue(run.err().contains("\tat dev.dslc.compiler.cli.CompileCommandTest."), run.err());
    }

    @Test
    void compilerThrows_otherFilesAreStillCompiled() throws IOException {
        write("xor.nn", Models.XOR);
        write("bad.nn", "boom");
        CompileCommand.CompileStep step = (source, packageName, options) -> source.text().equals("boom")
                ? Models.throwing(new IllegalStateException("boom")).compile(source, packageName, options)
                : Models.generating("Xor").compile(source, packageName, options);
        Invocation run = dslc(step, dir, "bad.nn", "xor.nn");
        assertEquals(3, run.status());
        assertTrue(Files.exists(dir.resolve("Xor.java")));
    }

    // Writing

    @Test
    void output_isNotRewrittenWhenUnchanged() throws IOException {
        write("xor.nn", Models.XOR);
        dslc(Models.generating("Xor"), dir, "xor.nn");
        Path out = dir.resolve("Xor.java");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out, old);
        Invocation run = dslc(Models.generating("Xor"), dir, "xor.nn");
        assertEquals(0, run.status());
        assertEquals(old, Files.getLastModifiedTime(out));
    }

    @Test
    void output_leavesNoTemporaryFiles() throws IOException {
        write("xor.nn", Models.XOR);
        Invocation run = dslc(Models.generating("Xor"), dir, "-d", "gen", "-p", "a.b", "xor.nn");
        assertEquals(0, run.status());
        assertEquals(List.of("gen/a/b/Xor.java", "xor.nn"), filesUnder(dir));
    }

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
