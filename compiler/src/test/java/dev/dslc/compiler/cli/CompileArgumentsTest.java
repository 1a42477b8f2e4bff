package dev.dslc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.compiler.cli.CompileArguments.Help;
import dev.dslc.compiler.cli.CompileArguments.Invalid;
import dev.dslc.compiler.cli.CompileArguments.Options;
import dev.dslc.compiler.cli.CompileArguments.Version;
import dev.dslc.compiler.emit.EmitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompileArgumentsTest {

    private static CompileArguments parse(String... args) {
        return CompileArguments.parse(List.of(args));
    }

    @Test
    void defaults_workingDirectoryAndNoPackage() {
        assertEquals(new Options(".", "", false, false, EmitOptions.DEFAULT, List.of("xor.nn")), parse("xor.nn"));
    }

    @Test
    void shortOptions_takeTheNextArgument() {
        assertEquals(new Options("out", "com.example", false, false, EmitOptions.DEFAULT, List.of("a.nn", "b.nn")),
                parse("-d", "out", "a.nn", "-p", "com.example", "b.nn"));
    }

    @Test
    void longOptions_takeTheNextArgumentOrAnAttachedValue() {
        Options expected = new Options("out", "com.example", true, true, EmitOptions.DEFAULT, List.of("xor.nn"));
        assertEquals(expected, parse("--output-dir", "out", "--package", "com.example", "--check", "--verbose", "xor.nn"));
        assertEquals(expected, parse("--output-dir=out", "--package=com.example", "--check", "--verbose", "xor.nn"));
    }

    @Test
    void laterOption_overridesEarlierOne() {
        assertEquals(new Options("b", "", false, false, EmitOptions.DEFAULT, List.of("xor.nn")), parse("-d", "a", "-d", "b", "xor.nn"));
    }

    @Test
    void doubleDash_makesEverythingAfterItAFile() {
        assertEquals(new Options(".", "", false, false, EmitOptions.DEFAULT, List.of("-odd.nn", "--check")),
                parse("--", "-odd.nn", "--check"));
    }

    @Test
    void singleDash_isAFileName() {
        assertEquals(new Options(".", "", false, false, EmitOptions.DEFAULT, List.of("-")), parse("-"));
    }

    @Test
    void vectorApiIsAFlag() {
        assertEquals(new Options(".", "", false, false, new EmitOptions(true), List.of("xor.nn")),
                parse("--vector-api", "xor.nn"));
        assertEquals(new Invalid("option --vector-api takes no value"), parse("--vector-api=yes", "xor.nn"));
    }

    @Test
    void helpAndVersion_stopTheReading() {
        assertEquals(new Help(), parse("--help", "--bogus"));
        assertEquals(new Help(), parse("-h"));
        assertEquals(new Version(), parse("-V", "--bogus"));
        assertEquals(new Version(), parse("--version"));
    }

    @Test
    void mistakes_areDescribedInOneLine() {
        assertEquals(new Invalid("no input files"), parse());
        assertEquals(new Invalid("no input files"), parse("--check"));
        assertEquals(new Invalid("unknown option -x"), parse("-x", "xor.nn"));
        assertEquals(new Invalid("unknown option --bogus"), parse("--bogus=1", "xor.nn"));
        assertEquals(new Invalid("option -d needs a value"), parse("xor.nn", "-d"));
        assertEquals(new Invalid("option --package needs a value"), parse("xor.nn", "--package"));
        assertEquals(new Invalid("option --check takes no value"), parse("--check=yes", "xor.nn"));
        assertEquals(new Invalid("option --help takes no value"), parse("--help=yes"));
    }

    @Test
    void packageName_mustBeAJavaPackage() {
        assertEquals(new Invalid("not a Java package name: '1st'"), parse("-p", "1st", "xor.nn"));
        assertEquals(new Invalid("not a Java package name: 'com..example'"), parse("-p", "com..example", "xor.nn"));
        assertEquals(new Options(".", "", false, false, EmitOptions.DEFAULT, List.of("xor.nn")), parse("--package=", "xor.nn"));
    }
}
