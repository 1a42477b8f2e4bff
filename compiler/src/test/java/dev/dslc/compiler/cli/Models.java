package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compilation;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import java.util.List;
import java.util.Optional;

/** Models and stand-in compilers for the command's tests. */
final class Models {

    /** A valid model: the 2-4-1 network that learns XOR. */
    static final String XOR = """
            model Xor
            input  x[2]
            target y[1]
            param  W1[4, 2] ~ xavier
            param  b1[4]    = 0
            param  W2[1, 4] ~ xavier
            param  b2[1]    = 0
            h    = tanh(W1 @ x + b1)
            p    = sigmoid(W2 @ h + b2)
            output p
            loss   bce(p, y)
            """;

    /** {@link #XOR} with an undefined name, {@code W9}. */
    static final String UNDEFINED_NAME = XOR.replace("tanh(W1 @ x + b1)", "tanh(W9 @ x)");

    private Models() {
    }

    /** A compiler that succeeds with class {@code className} and the given warnings. */
    static CompileCommand.CompileStep generating(String className, String... warnings) {
        return (source, packageName, options) -> new Compilation(source,
                List.of(warnings).stream().map(w -> Diagnostic.warning(new Span(0, 5), w)).toList(),
                Optional.of(new GeneratedClass(packageName, className, "class " + className + " {}\n")));
    }

    /** A compiler that throws {@code thrown}, an unchecked exception or an error. */
    static CompileCommand.CompileStep throwing(Throwable thrown) {
        return (source, packageName, options) -> {
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        };
    }

    /** A compiler that recurses without end, as a parser might on deeply nested input. */
    static CompileCommand.CompileStep overflowingTheStack() {
        return (source, packageName, options) -> {
            throw new IllegalStateException("unreachable: " + depth(0));
        };
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }
}
