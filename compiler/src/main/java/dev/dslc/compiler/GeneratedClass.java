package dev.dslc.compiler;

import dev.dslc.compiler.emit.EmitOptions;

/**
 * One generated Java source file.
 *
 * @param packageName the Java package, empty for none
 * @param className   the simple class name
 * @param source      the complete compilation unit
 */
public record GeneratedClass(String packageName, String className, String source) {

    /** The qualified name, e.g. {@code com.example.Xor}. */
    public String qualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /**
     * True when the class was emitted with {@code EmitOptions.vectorApi} and
     * so needs {@code --add-modules jdk.incubator.vector} to compile and run.
     */
    public boolean usesVectorApi() {
        return source.contains("import " + EmitOptions.VECTOR_MODULE + ".");
    }

    /** Where javac expects the file below a source root, e.g. {@code com/example/Xor.java}. */
    public String relativePath() {
        return qualifiedName().replace('.', '/') + ".java";
    }
}
