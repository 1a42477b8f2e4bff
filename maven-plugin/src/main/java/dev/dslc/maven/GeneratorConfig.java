package dev.dslc.maven;

import dev.dslc.compiler.emit.EmitOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * One goal's settings, already resolved to absolute paths.
 *
 * @param baseDirectory   the project folder; log lines show paths relative to it
 * @param stateFile       where the last successful run is recorded
 * @param packageName     the package of every class, or null to take it from each model's folder
 * @param emit            how the classes are written (the {@code vectorApi} parameter)
 * @param toolVersion     changes whenever the plugin or the compiler could generate different code
 */
record GeneratorConfig(
        Path baseDirectory,
        Path sourceDirectory,
        Path outputDirectory,
        Path stateFile,
        String packageName,
        List<String> includes,
        List<String> excludes,
        boolean failOnWarning,
        EmitOptions emit,
        String toolVersion) {

    GeneratorConfig {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** Everything but the models themselves that decides what a run writes or reports. */
    void addTo(Fingerprint fingerprint) {
        fingerprint.add(toolVersion)
                .add(sourceDirectory.toAbsolutePath().toString())
                .add(outputDirectory.toAbsolutePath().toString())
                .add(String.valueOf(packageName))
                .add(String.join("\n", includes))
                .add(String.join("\n", excludes))
                .add(String.valueOf(failOnWarning))
                .add(emit.toString());
    }
}
