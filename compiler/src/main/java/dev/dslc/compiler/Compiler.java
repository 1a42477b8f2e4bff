package dev.dslc.compiler;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import java.util.List;
import java.util.Optional;

/**
 * The driver: parse, check, lower, differentiate, simplify, emit; it stops
 * after the first stage that reports errors.
 *
 * <pre>{@code
 * Compilation result = Compiler.compile(new SourceFile("xor.nn", text), "com.example");
 * result.generated().ifPresent(c -> Files.writeString(out.resolve(c.relativePath()), c.source()));
 * }</pre>
 */
public final class Compiler {

    private Compiler() {
    }

    /** Compiles one model into a class in {@code packageName} (empty for the default package). */
    public static Compilation compile(SourceFile source, String packageName) {
        return new Compilation(source, List.of(Diagnostic.error(new Span(0, 0), "not implemented yet")), Optional.empty());
    }

    /** True for a dotted Java package name such as {@code com.example.models}, or the empty string. */
    public static boolean isValidPackageName(String name) {
        if (name.isEmpty()) {
            return true;
        }
        for (String part : name.split("\\.", -1)) {
            if (!javax.lang.model.SourceVersion.isIdentifier(part) || javax.lang.model.SourceVersion.isKeyword(part)) {
                return false;
            }
        }
        return true;
    }
}
