package dev.dslc.compiler.cli;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.WeightFile;
import dev.dslc.runtime.WeightFileException;
import dev.dslc.runtime.WeightOptions;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.ToolProvider;

/**
 * The model of a {@code .nn} file compiled in memory, for {@code dslc train},
 * {@code predict} and {@code explain}: diagnostics go to standard error as the
 * compile command prints them, and nothing is written to disk.
 *
 * <pre>{@code
 * Model xor = InMemoryModel.load("xor.nn", 42L, terminal);
 * InMemoryModel.loadParameters(xor, "xor.params", WeightOptions.defaults(), terminal);
 * }</pre>
 */
final class InMemoryModel {
    /**
     * Classes already compiled, by their Java source: javac takes a second or
     * more, and the same source always makes the same class. One run of dslc
     * compiles one model; this is for the tests that run dslc many times.
     */
    private static final Map<String, Class<? extends Model>> COMPILED = new ConcurrentHashMap<>();

    private InMemoryModel() {
    }

    /**
     * A new instance of the class compiled from {@code file} (as typed), its
     * parameters initialised from {@code seed}.
     *
     * @throws CommandFailure after reporting an unreadable file or no JDK (status 2), or errors in the model (1)
     */
    static Model load(String file, long seed, Terminal terminal) throws CommandFailure {
        // First, so that on a JRE nothing else is reported and the status is 2 whatever the model holds.
        if (ToolProvider.getSystemJavaCompiler() == null) {
            terminal.error("compiling a model in memory needs javac: run dslc on a JDK, not a JRE");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
        return of(ModelReader.read(file, terminal), seed, terminal);
    }

    /**
     * A new instance of the class generated from {@code model}, its parameters
     * initialised from {@code seed}.
     *
     * @throws CommandFailure after reporting no JDK (status 2)
     */
    static Model of(Compiler.Differentiated model, long seed, Terminal terminal) throws CommandFailure {
        GeneratedClass generated = model.emit("", EmitOptions.DEFAULT);
        Class<? extends Model> type;
        try {
            type = COMPILED.computeIfAbsent(generated.source(), code -> ModelLoader.load(generated));
        } catch (IllegalStateException e) {
            if (ToolProvider.getSystemJavaCompiler() != null) {
                throw e; // javac refused the generated class: a bug in dslc, for Main to report
            }
            terminal.error(e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
        return instantiate(type, seed);
    }

    /**
     * Replaces the model's parameters with those saved in {@code file} (as typed): dslc's own format, or by its
     * extension a {@code .safetensors} or {@code .npz} file read with {@code options}.
     *
     * @throws CommandFailure after reporting a missing or unreadable file (status 2), or one saved for another
     *                        model or damaged (1), a weight file's problems one a line as {@code file: error: ...}
     */
    static void loadParameters(Model model, String file, WeightOptions options, Terminal terminal)
            throws CommandFailure {
        Path path = terminal.resolve(file);
        try {
            WeightFile.load(model, path, WeightArguments.forFile(options, file));
        } catch (NoSuchFileException e) {
            terminal.error(file + ": no such file");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        } catch (WeightFileException e) {
            throw WeightArguments.reported(e, file, terminal);
        } catch (dev.dslc.runtime.ParameterFileException e) {
            terminal.error(e.getMessage().replace(path.toString(), file));
            throw new CommandFailure(ExitStatus.COMPILE_ERRORS);
        } catch (IOException e) {
            terminal.error(file + ": cannot read: "
                    + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage()));
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }

    /** The class name of the model, as written after {@code model} in the file or made from the file's name. */
    static String name(Model model) {
        return model.getClass().getSimpleName();
    }

    private static Model instantiate(Class<? extends Model> type, long seed) {
        try {
            return type.getConstructor(long.class).newInstance(seed);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the generated constructor failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the generated class has no public (long seed) constructor", e);
        }
    }
}
