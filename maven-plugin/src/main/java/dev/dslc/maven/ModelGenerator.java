package dev.dslc.maven;

import dev.dslc.compiler.Compilation;
import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * One run of a generate goal: find the models, stop early if nothing changed
 * since the last successful run, compile them all and report every
 * diagnostic, then (only if there were no errors) write the classes whose
 * text changed and delete those whose model is gone.
 */
final class ModelGenerator {
    private static final Span START = new Span(0, 0);

    /** The compiler as this class uses it; tests substitute their own. */
    @FunctionalInterface
    interface ModelCompiler {
        Compilation compile(SourceFile source, String packageName);
    }

    /** One model file, read, with the package its class goes in. */
    private record Model(Path relative, SourceFile source, String packageName) {
    }

    /** What a run did, for the log line and for tests. */
    record Outcome(int models, int generated, int unchanged, int removed, boolean upToDate) {
    }

    private final GeneratorConfig config;
    private final Log log;
    private final ModelCompiler compiler;

    ModelGenerator(GeneratorConfig config, Log log) {
        this(config, log, (source, packageName) -> Compiler.compile(source, packageName, config.emit()));
    }

    ModelGenerator(GeneratorConfig config, Log log, ModelCompiler compiler) {
        this.config = config;
        this.log = log;
        this.compiler = compiler;
    }

    Outcome run() throws MojoExecutionException, MojoFailureException {
        List<Model> models = readModels();
        String fingerprint = fingerprint(models);
        BuildState previous = BuildState.read(config.stateFile(), config.outputDirectory());
        if (previous.isUpToDate(fingerprint) || (models.isEmpty() && previous.outputs().isEmpty())) {
            log.info(models.isEmpty() ? "dslc: no models in " + shown(config.sourceDirectory())
                    : "dslc: " + DiagnosticLog.count(models.size(), "model") + " in "
                            + shown(config.sourceDirectory()) + " up to date, nothing generated");
            return new Outcome(models.size(), 0, 0, 0, true);
        }
        List<GeneratedClass> classes = compileAll(models);
        try {
            List<BuildState.Output> outputs = new ArrayList<>();
            Outcome outcome = write(models.size(), classes, previous, outputs);
            new BuildState(config.outputDirectory(), fingerprint, outputs).write(config.stateFile());
            log.info("dslc: generated " + outcome.generated() + ", unchanged " + outcome.unchanged()
                    + ", removed " + outcome.removed() + " (" + DiagnosticLog.count(models.size(), "model")
                    + " in " + shown(config.sourceDirectory()) + " -> " + shown(config.outputDirectory()) + ")");
            return outcome;
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write to " + config.outputDirectory() + ": " + e, e);
        }
    }

    private List<Model> readModels() throws MojoExecutionException {
        Path root = config.sourceDirectory().toAbsolutePath();
        List<Model> models = new ArrayList<>();
        try {
            for (Path relative : new ModelScanner(config.includes(), config.excludes()).scan(root)) {
                Path file = root.resolve(relative);
                String text = Files.readString(file, StandardCharsets.UTF_8);
                models.add(new Model(relative, new SourceFile(file.toString(), text), packageOf(relative)));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read the models in " + root + ": " + e, e);
        }
        return models;
    }

    /** The configured package, or the folder below the source directory: {@code com/example/xor.nn} -> {@code com.example}. */
    private String packageOf(Path relative) {
        if (config.packageName() != null) {
            return config.packageName();
        }
        Path folder = relative.getParent();
        return folder == null ? "" : folder.toString().replace(folder.getFileSystem().getSeparator(), ".");
    }

    private String fingerprint(List<Model> models) {
        Fingerprint fingerprint = new Fingerprint();
        config.addTo(fingerprint);
        for (Model model : models) {
            fingerprint.add(model.relative().toString()).add(model.packageName()).add(model.source().text());
        }
        return fingerprint.hex();
    }

    /** Compiles every model, reporting all diagnostics before failing on any of them. */
    private List<GeneratedClass> compileAll(List<Model> models) throws MojoExecutionException, MojoFailureException {
        DiagnosticLog diagnostics = new DiagnosticLog(log);
        Map<String, Path> writers = new HashMap<>();
        List<GeneratedClass> classes = new ArrayList<>();
        for (Model model : models) {
            if (!Compiler.isValidPackageName(model.packageName())) {
                diagnostics.report(model.source(), List.of(Diagnostic.error(START, "folder '" + model.relative().getParent()
                        + "' is not a valid Java package name; rename it or set <packageName>")));
                continue;
            }
            Compilation compilation = compile(model);
            diagnostics.report(model.source(), compilation.diagnostics());
            if (compilation.hasErrors()) {
                continue;
            }
            GeneratedClass generated = compilation.generated().orElseThrow(() -> new MojoExecutionException(
                    "dslc reported no error for " + model.source().path() + " but generated nothing (a bug in dslc)"));
            Path other = writers.putIfAbsent(generated.relativePath(), model.relative());
            if (other != null) {
                diagnostics.report(model.source(), List.of(Diagnostic.error(START, "generates " + generated.qualifiedName()
                        + ", as " + other + " does; give one of them another model name or package")));
            }
            classes.add(generated);
        }
        diagnostics.failIfNeeded(config.failOnWarning());
        return classes;
    }

    private Compilation compile(Model model) throws MojoExecutionException {
        try {
            return compiler.compile(model.source(), model.packageName());
        } catch (RuntimeException e) {
            throw new MojoExecutionException("dslc crashed on " + model.source().path()
                    + " (a bug in dslc, please report it with the model): " + e, e);
        }
    }

    /** Writes the classes, adding each to {@code outputs}, then removes what the previous run wrote and this one did not. */
    private Outcome write(int models, List<GeneratedClass> classes, BuildState previous, List<BuildState.Output> outputs)
            throws IOException {
        GeneratedFiles files = new GeneratedFiles(config.outputDirectory());
        int generated = 0;
        Set<String> written = new HashSet<>();
        for (GeneratedClass generatedClass : classes) {
            String path = generatedClass.relativePath();
            if (files.write(path, generatedClass.source())) {
                generated++;
            }
            written.add(path);
            outputs.add(new BuildState.Output(path,
                    Fingerprint.sha256(generatedClass.source().getBytes(StandardCharsets.UTF_8))));
        }
        int removed = 0;
        for (BuildState.Output stale : previous.outputs()) {
            if (!written.contains(stale.path())) {
                removed += remove(files, stale) ? 1 : 0;
            }
        }
        return new Outcome(models, generated, classes.size() - generated, removed, false);
    }

    /** Removes a file the previous run wrote, if it is still what it wrote; says why when it is kept. */
    private boolean remove(GeneratedFiles files, BuildState.Output stale) throws IOException {
        GeneratedFiles.Removal removal = files.remove(stale.path(), stale.sha256());
        String why = switch (removal) {
            case REMOVED, ABSENT -> null;
            case KEPT_EDITED -> "it was changed after dslc generated it; delete it yourself if it is no longer needed";
            case KEPT_NOT_A_FILE -> "it is no longer the file dslc generated but a link or a folder";
            case KEPT_OUTSIDE -> "it is not inside the output directory (the state file "
                    + shown(config.stateFile()) + " names it)";
        };
        if (why != null) {
            Path file = files.inside(stale.path());
            log.warn("dslc: kept " + (file == null ? stale.path() : shown(file)) + ", whose model is gone: " + why);
        }
        return removal == GeneratedFiles.Removal.REMOVED;
    }

    /** A path for the log: relative to the project when inside it. */
    private String shown(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path base = config.baseDirectory().toAbsolutePath().normalize();
        if (absolute.equals(base)) {
            return ".";
        }
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }
}
