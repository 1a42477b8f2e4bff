package dev.dslc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.Compilation;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.emit.EmitOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental build, reporting and failure rules, against a stand-in
 * compiler: "W9" in a model is an error, "unused" a warning, "CRASH" a bug in
 * dslc; a class is named after its file and its text echoes the model.
 */
class ModelGeneratorTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L);

    @TempDir
    Path project;

    @TempDir
    Path elsewhere;

    private final RecordingLog log = new RecordingLog();

    @Test
    void generate_writesOneClassPerModel_inItsFolderPackage() throws Exception {
        model("xor.nn", "x");
        model("com/example/two_layer.nn", "y");

        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(new ModelGenerator.Outcome(2, 2, 0, 0, false), outcome);
        assertEquals("class Xor {} // x", Files.readString(output("Xor.java")));
        assertTrue(Files.isRegularFile(output("com/example/TwoLayer.java")));
        assertEquals("[INFO] dslc: generated 2, unchanged 0, removed 0 "
                + "(2 models in src/main/nn -> target/generated-sources/dslc)", log.last());
    }

    @Test
    void packageName_putsEveryClassInThatPackage() throws Exception {
        model("a/xor.nn", "x");

        run(config("org.example.nets"));

        assertTrue(Files.isRegularFile(output("org/example/nets/Xor.java")));
    }

    @Test
    void secondRun_withNothingChanged_isUpToDate_andTouchesNoFile() throws Exception {
        model("xor.nn", "x");
        run(config(null));
        Files.setLastModifiedTime(output("Xor.java"), LONG_AGO);

        ModelGenerator.Outcome outcome = run(config(null));

        assertTrue(outcome.upToDate());
        assertEquals(LONG_AGO, Files.getLastModifiedTime(output("Xor.java")));
        assertEquals("[INFO] dslc: 1 model in src/main/nn up to date, nothing generated", log.last());
    }

    @Test
    void changedModel_rewritesOnlyTheClassWhoseTextChanged() throws Exception {
        model("xor.nn", "x");
        model("and.nn", "a");
        run(config(null));
        Files.setLastModifiedTime(output("Xor.java"), LONG_AGO);

        model("and.nn", "a2");
        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(new ModelGenerator.Outcome(2, 1, 1, 0, false), outcome);
        assertEquals(LONG_AGO, Files.getLastModifiedTime(output("Xor.java")));
        assertEquals("class And {} // a2", Files.readString(output("And.java")));
    }

    @Test
    void deletedModel_removesItsClass_andTheEmptyPackageFolder() throws Exception {
        model("xor.nn", "x");
        model("com/example/and.nn", "a");
        run(config(null));

        Files.delete(project.resolve("src/main/nn/com/example/and.nn"));
        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(1, outcome.removed());
        assertFalse(Files.exists(output("com")));
        assertTrue(Files.isRegularFile(output("Xor.java")));
        assertTrue(log.last().startsWith("[INFO] dslc: generated 0, unchanged 1, removed 1 "), log.last());
    }

    @Test
    void copiedProject_changedAndBuilt_leavesTheOriginalProjectsFilesAlone() throws Exception {
        model("com/acme/churn_net.nn", "hidden 16");
        run(config(null));
        String original = Files.readString(output("com/acme/ChurnNet.java"));
        Path copy = elsewhere.resolve("churn-copy");
        copyTree(project, copy);
        Files.writeString(copy.resolve("src/main/nn/com/acme/churn_net.nn"), "hidden 8");

        ModelGenerator.Outcome outcome = run(config(copy, null, false, "0.1.0"));

        assertEquals(new ModelGenerator.Outcome(1, 1, 0, 0, false), outcome);
        assertEquals(original, Files.readString(output("com/acme/ChurnNet.java")));
        assertEquals("class ChurnNet {} // hidden 8",
                Files.readString(copy.resolve("target/generated-sources/dslc/com/acme/ChurnNet.java")));
    }

    @Test
    void deletedModel_whoseClassWasEditedByHand_keepsTheClass_withAWarning() throws Exception {
        model("xor.nn", "x");
        model("and.nn", "a");
        run(config(null));
        Files.writeString(output("And.java"), "class And {} // with my fix");

        Files.delete(project.resolve("src/main/nn/and.nn"));
        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(0, outcome.removed());
        assertEquals("class And {} // with my fix", Files.readString(output("And.java")));
        assertTrue(log.text().contains("[WARNING] dslc: kept target/generated-sources/dslc/And.java, whose model is "
                + "gone: it was changed after dslc generated it; delete it yourself if it is no longer needed"),
                log.text());
        // No longer dslc's: a later run neither removes it nor warns again.
        log.lines.clear();
        model("or.nn", "o");
        run(config(null));
        assertTrue(Files.isRegularFile(output("And.java")));
        assertFalse(log.text().contains("WARNING"), log.text());
    }

    @Test
    void stateNamingAFileOutsideTheOutputDirectory_neverDeletesIt() throws Exception {
        Path victim = project.resolve("src/main/java/Victim.java");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "class Victim {}");
        String hash = Fingerprint.sha256("class Victim {}".getBytes(StandardCharsets.UTF_8));
        Path out = project.resolve("target/generated-sources/dslc");
        new BuildState(out, "stale", List.of(new BuildState.Output("../../../src/main/java/Victim.java", hash),
                new BuildState.Output(victim.toString(), hash))).write(project.resolve("target/dslc/state"));
        model("xor.nn", "x");

        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(0, outcome.removed());
        assertEquals("class Victim {}", Files.readString(victim));
        assertEquals(2, log.lines.stream().filter(line -> line.startsWith("[WARNING] dslc: kept ")
                && line.endsWith("it is not inside the output directory (the state file target/dslc/state names it)"))
                .count(), log.text());
    }

    @Test
    void changedConfiguration_regenerates_andRemovesWhatTheOldOneWrote() throws Exception {
        model("xor.nn", "x");
        run(config(null));

        ModelGenerator.Outcome outcome = run(config("com.example"));

        assertEquals(new ModelGenerator.Outcome(1, 1, 0, 1, false), outcome);
        assertFalse(Files.exists(output("Xor.java")));
        assertTrue(Files.isRegularFile(output("com/example/Xor.java")));
    }

    @Test
    void newPluginVersion_regenerates() throws Exception {
        model("xor.nn", "x");
        run(config(null));

        ModelGenerator.Outcome outcome = run(config(null, false, "0.2.0"));

        assertFalse(outcome.upToDate());
    }

    @Test
    void vectorApiSwitchedOn_regenerates() throws Exception {
        assertFalse(upToDateAfterChangingTo(new EmitOptions(true)));
    }

    @Test
    void derivativeEntryPointsChanged_regenerates() throws Exception {
        assertFalse(upToDateAfterChangingTo(EmitOptions.DEFAULT.withDerivatives(EmitOptions.DerivativeEntryPoints.NONE)));
    }

    /** Whether a second run with other emit options finds the class up to date (this fake compiler writes the same one). */
    private boolean upToDateAfterChangingTo(EmitOptions emit) throws Exception {
        model("xor.nn", "x");
        run(config(null));

        GeneratorConfig plain = config(null);
        return run(new GeneratorConfig(plain.baseDirectory(), plain.sourceDirectory(), plain.outputDirectory(),
                plain.stateFile(), null, plain.includes(), plain.excludes(), false, emit, plain.toolVersion()))
                .upToDate();
    }

    @Test
    void outputDeletedByHand_isWrittenAgain() throws Exception {
        model("xor.nn", "x");
        run(config(null));
        Files.delete(output("Xor.java"));

        assertEquals(1, run(config(null)).generated());
    }

    @Test
    void errors_areLoggedWithAbsolutePathLineAndColumn_andFailTheBuild_writingNothing() throws Exception {
        Path bad = model("bad.nn", "model Bad\nh = tanh(W9 @ x)\n");
        model("bad2.nn", "W9 W9");
        model("good.nn", "x");

        MojoFailureException failure = assertThrows(MojoFailureException.class, () -> run(config(null)));

        assertEquals("3 errors in 2 model files", failure.getMessage());
        assertTrue(log.text().contains("[ERROR] " + bad + ":2:10: error: undefined name 'W9'\n"
                + "h = tanh(W9 @ x)\n"
                + "         ^~"), log.text());
        assertFalse(Files.exists(output("Good.java")));
        assertFalse(Files.exists(project.resolve("target/dslc/state")), "a failed run records no state");
    }

    @Test
    void oneError_isCountedInTheSingular() throws Exception {
        model("bad.nn", "W9");

        MojoFailureException failure = assertThrows(MojoFailureException.class, () -> run(config(null)));

        assertEquals("1 error in 1 model file", failure.getMessage());
    }

    @Test
    void warnings_areLoggedAsWarnings_andPass() throws Exception {
        Path model = model("xor.nn", "unused");

        run(config(null));

        assertTrue(log.text().contains("[WARNING] " + model + ":1:1: warning: unused parameter"), log.text());
        assertTrue(Files.isRegularFile(output("Xor.java")));
    }

    @Test
    void warnings_failTheBuild_underFailOnWarning() throws Exception {
        model("xor.nn", "unused");

        MojoFailureException failure = assertThrows(MojoFailureException.class,
                () -> run(config(null, true, "0.1.0")));

        assertEquals("1 warning in 1 model file, and failOnWarning is set", failure.getMessage());
    }

    @Test
    void compilerCrash_isAnExecutionException_carryingTheCause() throws Exception {
        model("xor.nn", "CRASH");

        MojoExecutionException failure = assertThrows(MojoExecutionException.class, () -> run(config(null)));

        assertTrue(failure.getMessage().contains("a bug in dslc"), failure.getMessage());
        assertSame(IllegalStateException.class, failure.getCause().getClass());
    }

    @Test
    void folderThatIsNoJavaPackage_isReportedAsAnError() throws Exception {
        model("my-models/xor.nn", "x");

        assertThrows(MojoFailureException.class, () -> run(config(null)));

        assertTrue(log.text().contains("error: folder 'my-models' is not a valid Java package name"), log.text());
    }

    @Test
    void twoModelsGeneratingTheSameClass_isAnError() throws Exception {
        model("a/xor.nn", "x");
        model("b/xor.nn", "y");

        assertThrows(MojoFailureException.class, () -> run(config("com.example")));

        assertTrue(log.text().contains("error: generates com.example.Xor, as a/xor.nn does"), log.text());
    }

    @Test
    void noModels_logsSo_andWritesNothing() throws Exception {
        ModelGenerator.Outcome outcome = run(config(null));

        assertEquals(0, outcome.models());
        assertEquals("[INFO] dslc: no models in src/main/nn", log.last());
        assertFalse(Files.exists(project.resolve("target")));
    }

    private ModelGenerator.Outcome run(GeneratorConfig config) throws MojoExecutionException, MojoFailureException {
        return new ModelGenerator(config, log, ModelGeneratorTest::fakeCompile).run();
    }

    private GeneratorConfig config(String packageName) {
        return config(packageName, false, "0.1.0");
    }

    private GeneratorConfig config(String packageName, boolean failOnWarning, String toolVersion) {
        return config(project, packageName, failOnWarning, toolVersion);
    }

    private static GeneratorConfig config(Path project, String packageName, boolean failOnWarning, String toolVersion) {
        return new GeneratorConfig(project, project.resolve("src/main/nn"),
                project.resolve("target/generated-sources/dslc"), project.resolve("target/dslc/state"),
                packageName, List.of("**/*.nn"), List.of(), failOnWarning, EmitOptions.DEFAULT, toolVersion);
    }

    /** {@code cp -r from to}. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private Path model(String relative, String text) throws IOException {
        Path file = project.resolve("src/main/nn").resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private Path output(String relative) {
        return project.resolve("target/generated-sources/dslc").resolve(relative);
    }

    private static Compilation fakeCompile(SourceFile source, String packageName) {
        String text = source.text();
        if (text.contains("CRASH")) {
            throw new IllegalStateException("boom");
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (int at = text.indexOf("W9"); at >= 0; at = text.indexOf("W9", at + 1)) {
            diagnostics.add(Diagnostic.error(new Span(at, at + 2), "undefined name 'W9'"));
        }
        int unused = text.indexOf("unused");
        if (unused >= 0) {
            diagnostics.add(Diagnostic.warning(new Span(unused, unused + 6), "unused parameter"));
        }
        String name = className(source.fileName());
        Optional<GeneratedClass> generated = diagnostics.stream().anyMatch(Diagnostic::isError) ? Optional.empty()
                : Optional.of(new GeneratedClass(packageName, name, "class " + name + " {} // " + text.strip()));
        return new Compilation(source, diagnostics, generated);
    }

    private static String className(String fileName) {
        StringBuilder name = new StringBuilder();
        for (String part : fileName.substring(0, fileName.length() - ".nn".length()).split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
