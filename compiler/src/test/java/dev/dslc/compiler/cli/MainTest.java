package dev.dslc.compiler.cli;

import static dev.dslc.compiler.cli.Invocation.dslc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void help_printsUsageOnStandardOutput_exits0() {
        for (String option : List.of("-h", "--help")) {
            Invocation run = dslc(dir, option);
            assertEquals(0, run.status());
            assertTrue(run.out().startsWith("usage: dslc [options] FILE.nn...\n"), run.out());
            assertTrue(run.out().contains("-d, --output-dir DIR"), run.out());
            assertEquals("", run.err());
        }
    }

    @Test
    void help_winsOverFilesAndOtherOptions() {
        Invocation run = dslc(dir, "--check", "missing.nn", "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: "));
    }

    @Test
    void version_printsOneLineOnStandardOutput_exits0() {
        for (String option : List.of("-V", "--version")) {
            Invocation run = dslc(dir, option);
            assertEquals(0, run.status());
            // Run from target/classes there is no jar manifest, so the version is "dev".
            assertTrue(run.out().matches("dslc \\S+\n"), run.out());
            assertEquals("", run.err());
        }
    }

    @Test
    void noArguments_isUsageError_exits2() {
        Invocation run = dslc(dir);
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: no input files", "Run 'dslc --help' for usage."), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void unknownOption_isUsageError_exits2() {
        Invocation run = dslc(dir, "--frobnicate", "xor.nn");
        assertEquals(2, run.status());
        assertEquals(List.of("dslc: error: unknown option --frobnicate", "Run 'dslc --help' for usage."),
                run.errLines());
    }

    @Test
    void invalidPackage_isUsageError_exits2() {
        Invocation run = dslc(dir, "-p", "com.example.class", "xor.nn");
        assertEquals(2, run.status());
        assertEquals("dslc: error: not a Java package name: 'com.example.class'", run.errLines().get(0));
    }

    @Test
    void subcommandName_goesToTheSubcommandWithTheRestOfTheArguments() {
        List<String> seen = new ArrayList<>();
        Command train = (args, terminal) -> {
            seen.addAll(args);
            return ExitStatus.SUCCESS;
        };
        Invocation run = dslc(Map.of("train", train), failingCompile(), dir, "train", "xor.nn", "--epochs", "5");
        assertEquals(0, run.status());
        assertEquals(List.of("xor.nn", "--epochs", "5"), seen);
    }

    @Test
    void subcommandName_thatIsAnExistingFile_isCompiled() throws IOException {
        Files.writeString(dir.resolve("train"), Models.XOR);
        Command train = (args, terminal) -> {
            throw new AssertionError("dispatched to the subcommand");
        };
        Invocation run = dslc(Map.of("train", train), new CompileCommand(Models.generating("Xor")), dir, "train");
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.exists(dir.resolve("Xor.java")));
    }

    @Test
    void bugInACommand_exits3_inOneLine() {
        Command broken = (args, terminal) -> {
            throw new NullPointerException("oops");
        };
        Invocation run = dslc(Map.of(), broken, dir, "xor.nn");
        assertEquals(3, run.status());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("dslc: internal error in dslc (a bug in dslc): java.lang.NullPointerException: oops"),
                run.err());
    }

    @Test
    void bugInACommand_withVerbose_printsTheStackTrace() {
        Command broken = (args, terminal) -> {
            throw new NullPointerException("oops");
        };
        Invocation run = dslc(Map.of(), broken, dir, "--verbose", "xor.nn");
        assertEquals(3, run.status());
        assertTrue(run.err().contains("\tat dev.dslc.compiler.cli."), run.err());
    }

    private static Command failingCompile() {
        return (args, terminal) -> {
            throw new AssertionError("dispatched to the compile command");
        };
    }
}
