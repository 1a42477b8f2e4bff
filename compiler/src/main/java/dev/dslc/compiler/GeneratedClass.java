package dev.dslc.compiler;

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

    /** Where javac expects the file below a source root, e.g. {@code com/example/Xor.java}. */
    public String relativePath() {
        return qualifiedName().replace('.', '/') + ".java";
    }
}
