package dev.dslc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubcommandArgumentsTest {
    private static final Set<String> VALUES = Set.of("--epochs", "-o=--output");
    private static final Set<String> FLAGS = Set.of("--verbose");

    private static SubcommandArguments parse(String... args) {
        return SubcommandArguments.parse(List.of(args), VALUES, FLAGS);
    }

    @Test
    void valuesFlagsAndTheModel_inAnyOrder() {
        assertEquals(new SubcommandArguments.Given("xor.nn", Map.of("--epochs", "5", "--output", "x.params"),
                Set.of("--verbose")), parse("--epochs=5", "xor.nn", "--verbose", "-o", "x.params"));
    }

    @Test
    void help_winsWhereverItStands() {
        assertInstanceOf(SubcommandArguments.Help.class, parse("xor.nn", "--frobnicate", "-h"));
    }

    @Test
    void mistakes_areDescribed() {
        assertEquals(new SubcommandArguments.Invalid("option --verbose takes no value"), parse("x.nn", "--verbose=1"));
        assertEquals(new SubcommandArguments.Invalid("option -o needs a value"), parse("x.nn", "-o"));
        assertEquals(new SubcommandArguments.Invalid("unknown option -x"), parse("x.nn", "-x"));
        assertEquals(new SubcommandArguments.Invalid("no model file"), parse("--epochs", "3"));
    }
}
