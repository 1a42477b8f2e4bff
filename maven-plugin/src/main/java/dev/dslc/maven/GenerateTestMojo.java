package dev.dslc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for each {@code .nn} model under {@code src/test/nn}
 * and adds the output folder as a test source root: for models that only the
 * tests use.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public final class GenerateTestMojo extends AbstractGenerateMojo {

    /** Where the test {@code .nn} models are. */
    @Parameter(defaultValue = "${project.basedir}/src/test/nn")
    private File sourceDirectory;

    /** Where the generated {@code .java} files go; added as a test source root. */
    @Parameter(defaultValue = "${project.build.directory}/generated-test-sources/dslc")
    private File outputDirectory;

    @Override
    Folders folders() {
        return new Folders(sourceDirectory, outputDirectory, project()::addTestCompileSourceRoot);
    }
}
