package dev.dslc.compiler;

import dev.dslc.compiler.diagnostic.DiagnosticPrinter;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Compiles .nn text for tests and loads the generated class in memory. */
public final class TestModels {

    private TestModels() {
    }

    /** The compilation, failing the test with readable diagnostics if it has errors. */
    public static GeneratedClass generate(String fileName, String source) {
        return generate(fileName, source, EmitOptions.DEFAULT);
    }

    public static GeneratedClass generate(String fileName, String source, EmitOptions options) {
        Compilation compilation = Compiler.compile(new SourceFile(fileName, source), "", options);
        if (compilation.hasErrors()) {
            throw new AssertionError("unexpected errors:\n" + compilation.diagnostics().stream()
                    .map(d -> DiagnosticPrinter.format(compilation.source(), d)).collect(Collectors.joining("\n")));
        }
        return compilation.generated().orElseThrow();
    }

    /** A new instance (seed 0) of the class generated from {@code source}. */
    public static Model load(String source) {
        return load(source, EmitOptions.DEFAULT);
    }

    public static Model load(String source, EmitOptions options) {
        return instantiate(ModelLoader.load(generate("test_model.nn", source, options)));
    }

    /** A new instance (seed 0) of the class generated from one of the repository's sample files. */
    public static Model sample(String fileName) {
        return instantiate(ModelLoader.load(generate(fileName, sampleSource(fileName))));
    }

    public static String sampleSource(String fileName) {
        try {
            return Files.readString(repositoryRoot().resolve("samples").resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(directory.resolve("samples"))) {
            directory = directory.getParent();
        }
        return directory;
    }

    private static Model instantiate(Class<? extends Model> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
