package dev.dslc.compiler.load;

import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.runtime.Model;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a generated class in memory with javax.tools and loads it, for
 * {@code dslc train} and for tests: nothing is written to disk.
 *
 * <pre>{@code
 * Model model = ModelLoader.load(generated).getConstructor(long.class).newInstance(42L);
 * }</pre>
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    /** Compiles {@code generated} against the runtime on this class path and returns the loaded class. */
    public static Class<? extends Model> load(GeneratedClass generated) {
        return loadAll(List.of(generated)).get(generated.qualifiedName());
    }

    /**
     * Compiles several classes in one javac run and loads them, by qualified
     * name: javac's start-up, not the classes, is most of the cost of compiling
     * a small model, so tests that compile hundreds batch them.
     */
    public static Map<String, Class<? extends Model>> loadAll(List<GeneratedClass> generated) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: run dslc on a JDK, not a JRE");
        }
        Map<String, ByteArrayOutputStream> classFiles = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (JavaFileManager files = new InMemoryOutput(javac.getStandardFileManager(diagnostics, null, null), classFiles)) {
            StringWriter output = new StringWriter();
            boolean compiled = javac.getTask(output, files, diagnostics, javacOptions(generated), null,
                    generated.stream().map(Source::new).toList()).call();
            if (!compiled) {
                throw new IllegalStateException("javac rejected the generated "
                        + generated.stream().map(GeneratedClass::qualifiedName).toList() + ": "
                        + diagnostics.getDiagnostics() + output);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ClassLoader loader = new ClassLoader(ModelLoader.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classFiles.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] code = bytes.toByteArray();
                return defineClass(name, code, 0, code.length);
            }
        };
        Map<String, Class<? extends Model>> loaded = new java.util.LinkedHashMap<>();
        try {
            for (GeneratedClass model : generated) {
                loaded.put(model.qualifiedName(), loader.loadClass(model.qualifiedName()).asSubclass(Model.class));
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return loaded;
    }

    /** The bytecode of every class compiled by {@link #load}, by binary name, for tests that inspect it. */
    public static Map<String, byte[]> compile(GeneratedClass generated) {
        Map<String, ByteArrayOutputStream> classFiles = new HashMap<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (JavaFileManager files = new InMemoryOutput(javac.getStandardFileManager(diagnostics, null, null), classFiles)) {
            boolean compiled = javac.getTask(null, files, diagnostics, javacOptions(List.of(generated)),
                    null, List.of(new Source(generated))).call();
            if (!compiled) {
                throw new IllegalStateException("javac rejected " + generated.qualifiedName() + ": " + diagnostics.getDiagnostics());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, byte[]> result = new HashMap<>();
        classFiles.forEach((name, bytes) -> result.put(name, bytes.toByteArray()));
        return result;
    }

    /**
     * Against this JVM's class path, for Java 17; with the incubating vector
     * module when a class was emitted to use it (the JVM running it must have
     * been started with {@code --add-modules jdk.incubator.vector} too).
     */
    private static List<String> javacOptions(List<GeneratedClass> generated) {
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "--release", "17", "-proc:none"));
        if (generated.stream().anyMatch(GeneratedClass::usesVectorApi)) {
            options.addAll(List.of("--add-modules", EmitOptions.VECTOR_MODULE));
        }
        return options;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(GeneratedClass generated) {
            super(URI.create("string:///" + generated.relativePath()), Kind.SOURCE);
            this.code = generated.source();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classFiles;

        InMemoryOutput(JavaFileManager delegate, Map<String, ByteArrayOutputStream> classFiles) {
            super(delegate);
            this.classFiles = classFiles;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    classFiles.put(className, bytes);
                    return bytes;
                }
            };
        }
    }
}
