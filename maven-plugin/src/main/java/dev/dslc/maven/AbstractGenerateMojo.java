package dev.dslc.maven;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.emit.EmitOptions;
import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What {@code generate} and {@code generate-test} share: every parameter but
 * the two folders, and the run itself. The subclasses only say where the
 * models are, where the classes go, and which source root that is.
 */
public abstract class AbstractGenerateMojo extends AbstractMojo {

    /**
     * The Java package of every generated class. When unset, each model's
     * package is its folder relative to {@code sourceDirectory}
     * ({@code com/example/xor.nn} gives {@code com.example}).
     */
    @Parameter
    private String packageName;

    /**
     * Ant-style patterns, relative to {@code sourceDirectory}, of the models to
     * compile. Default: {@code **}{@code /*.nn}, every model at any depth.
     */
    @Parameter
    private List<String> includes;

    /** Ant-style patterns of models to leave out, even when included. */
    @Parameter
    private List<String> excludes;

    /** Skips generation, and does not add the source root. */
    @Parameter(property = "dslc.skip", defaultValue = "false")
    private boolean skip;

    /** Fails the build when a model has warnings, as it does on errors. */
    @Parameter(property = "dslc.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /**
     * Writes the dot products with the incubating Vector API, which makes
     * large layers' training steps faster. The classes then need
     * {@code --add-modules jdk.incubator.vector} wherever they are compiled
     * and run (maven-compiler-plugin's {@code compilerArgs}, surefire's
     * {@code argLine}, the application's JVM); see docs/vector-api.md.
     */
    @Parameter(property = "dslc.vectorApi", defaultValue = "false")
    private boolean vectorApi;

    /**
     * Which entry points beyond the loss gradient the classes get
     * ({@code inputGradient}, {@code jacobian}, {@code hessianVectorProduct}):
     * {@code auto} ({@code inputGradient} and {@code hessianVectorProduct}
     * where each is at most 5,000 operations, {@code jacobian} for a scalar
     * output), {@code all}
     * or {@code none}; see docs/derivatives.md.
     */
    @Parameter(property = "dslc.derivatives", defaultValue = "auto")
    private String derivatives;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    /** What differs between the goals: where models are read, where classes go, and which source root that is. */
    record Folders(File sourceDirectory, File outputDirectory, Consumer<String> sourceRoots) {
    }

    abstract Folders folders();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("dslc: skipped (dslc.skip)");
            return;
        }
        if (packageName != null && !Compiler.isValidPackageName(packageName)) {
            throw new MojoFailureException("packageName '" + packageName + "' is not a valid Java package name");
        }
        if (EmitOptions.DerivativeEntryPoints.named(derivatives) == null) {
            throw new MojoFailureException("derivatives '" + derivatives + "' is not one of auto, all, none");
        }
        Folders folders = folders();
        new ModelGenerator(config(folders), getLog()).run();
        folders.sourceRoots().accept(folders.outputDirectory().getAbsolutePath());
    }

    MavenProject project() {
        return project;
    }

    private GeneratorConfig config(Folders folders) throws MojoExecutionException {
        File buildDirectory = new File(project.getBuild().getDirectory());
        String stateName = mojoExecution.getGoal() + "-" + mojoExecution.getExecutionId() + ".state";
        return new GeneratorConfig(
                project.getBasedir().toPath(),
                folders.sourceDirectory().toPath(),
                folders.outputDirectory().toPath(),
                buildDirectory.toPath().resolve("dslc").resolve(stateName),
                packageName,
                includes == null || includes.isEmpty() ? List.of("**/*.nn") : includes,
                excludes == null ? List.of() : excludes,
                failOnWarning,
                new EmitOptions(vectorApi, EmitOptions.DerivativeEntryPoints.named(derivatives)),
                PluginFingerprint.of(plugin));
    }
}
