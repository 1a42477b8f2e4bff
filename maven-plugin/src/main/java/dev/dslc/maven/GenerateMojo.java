package dev.dslc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for each {@code .nn} model under {@code src/main/nn}
 * and adds the output folder as a compile source root. Usage, every parameter
 * and the incremental build are described in {@code docs/maven-plugin.md}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractGenerateMojo {

    /** Where the {@code .nn} models are. */
    @Parameter(defaultValue = "${project.basedir}/src/main/nn")
    private File sourceDirectory;

    /** Where the generated {@code .java} files go; added as a compile source root. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/dslc")
    private File outputDirectory;

    @Override
    Folders folders() {
        return new Folders(sourceDirectory, outputDirectory, project()::addCompileSourceRoot);
    }
}
