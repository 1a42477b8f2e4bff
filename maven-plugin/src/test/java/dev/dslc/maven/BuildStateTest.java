package dev.dslc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: relative outputs with their hashes, and only ever read for the folder it was made for. */
class BuildStateTest {
    private static final String HASH = "a".repeat(64);

    @TempDir
    Path project;

    private Path out() {
        return project.resolve("target/generated-sources/dslc");
    }

    private Path stateFile() {
        return project.resolve("target/dslc/generate-default.state");
    }

    @Test
    void writtenState_readsBack_forTheSameOutputDirectory() throws IOException {
        BuildState state = new BuildState(out(), "f00d", List.of(
                new BuildState.Output("com/acme/ChurnNet.java", HASH), new BuildState.Output("Xor.java", "b".repeat(64))));

        state.write(stateFile());

        assertEquals(state, BuildState.read(stateFile(), out()));
    }

    @Test
    void outputs_areRecordedRelativeToTheOutputDirectory() throws IOException {
        new BuildState(out(), "f00d", List.of(new BuildState.Output("com/acme/ChurnNet.java", HASH))).write(stateFile());

        List<String> lines = Files.readAllLines(stateFile());

        assertTrue(lines.contains("output=" + HASH + " com/acme/ChurnNet.java"), lines.toString());
        assertTrue(lines.contains("outputDirectory=" + out()), lines.toString());
        assertEquals(1, lines.stream().filter(line -> line.contains(project.toString())).count(), lines.toString());
    }

    @Test
    void stateMadeForAnotherOutputDirectory_isNone() throws IOException {
        Path original = project.resolve("churn/target/generated-sources/dslc");
        new BuildState(original, "f00d", List.of(new BuildState.Output("ChurnNet.java", HASH))).write(stateFile());

        BuildState read = BuildState.read(stateFile(), project.resolve("churn-copy/target/generated-sources/dslc"));

        assertEquals(BuildState.none(project.resolve("churn-copy/target/generated-sources/dslc")), read);
        assertTrue(read.outputs().isEmpty());
        assertFalse(read.isUpToDate("f00d"));
    }

    @Test
    void stateOfAnOlderPlugin_withAbsolutePaths_isNone() throws IOException {
        Files.createDirectories(stateFile().getParent());
        Files.writeString(stateFile(), "# dslc incremental build state: delete this file to regenerate everything\n"
                + "fingerprint=f00d\noutput=" + out().resolve("Xor.java") + "\n");

        assertEquals(BuildState.none(out()), BuildState.read(stateFile(), out()));
    }

    @Test
    void damagedState_isNone() throws IOException {
        for (String output : List.of("output=Xor.java", "output=" + HASH, "output=" + "A".repeat(64) + " Xor.java",
                "output=abc Xor.java")) {
            Files.createDirectories(stateFile().getParent());
            Files.writeString(stateFile(), "format=2\noutputDirectory=" + out() + "\nfingerprint=f00d\n" + output + "\n");

            assertEquals(BuildState.none(out()), BuildState.read(stateFile(), out()), output);
        }
    }

    @Test
    void missingState_isNone() {
        assertEquals(BuildState.none(out()), BuildState.read(stateFile(), out()));
    }

    @Test
    void isUpToDate_needsTheSameFingerprint_andEveryOutputInPlace() throws IOException {
        BuildState state = new BuildState(out(), "f00d", List.of(new BuildState.Output("Xor.java", HASH)));
        assertFalse(state.isUpToDate("f00d"), "the output is missing");

        Files.createDirectories(out());
        Files.writeString(out().resolve("Xor.java"), "class Xor {}");

        assertTrue(state.isUpToDate("f00d"));
        assertFalse(state.isUpToDate("beef"));
        Files.createDirectories(out().resolveSibling("other"));
        Files.writeString(out().resolveSibling("other/Xor.java"), "class Xor {}");
        assertFalse(new BuildState(out(), "f00d", List.of(new BuildState.Output("../other/Xor.java", HASH)))
                .isUpToDate("f00d"), "a path outside is never in place");
    }
}
