package dev.dslc.compiler.check;

import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.syntax.Initializer;
import java.util.List;
import java.util.function.BiConsumer;

/** The random initialisers a parameter may name, and their argument rules. */
final class Initializers {

    private Initializers() {
    }

    static void check(Initializer.Random random, BiConsumer<Span, String> error) {
        String name = random.distribution().text();
        int expected = switch (name) {
            case "xavier", "he" -> 0;
            case "normal", "uniform" -> 2;
            default -> -1;
        };
        if (expected < 0) {
            error.accept(random.distribution().span(), "unknown initialiser '" + name
                    + "'; expected xavier, he, normal(mean, std) or uniform(lo, hi)");
            return;
        }
        List<dev.dslc.compiler.syntax.SignedNumber> arguments = random.arguments();
        if (arguments.size() != expected) {
            error.accept(random.span(), expected == 0 ? name + " takes no arguments"
                    : name + " expects 2 arguments, got " + arguments.size());
            return;
        }
        for (var argument : arguments) {
            if (!argument.isFinite()) {
                error.accept(argument.span(), "number " + argument.text() + " is too large for a double");
                return;
            }
        }
        if (name.equals("normal") && arguments.get(1).value() < 0) {
            error.accept(arguments.get(1).span(), "the standard deviation must not be negative");
        }
        if (name.equals("uniform") && arguments.get(0).value() > arguments.get(1).value()) {
            error.accept(random.span(), "uniform(lo, hi) needs lo <= hi");
        }
    }
}
