package dev.dslc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFingerprintTest {

    @TempDir
    Path folder;

    @Test
    void release_isJustItsVersion() throws Exception {
        assertEquals("1.2.0", PluginFingerprint.of(plugin("1.2.0")));
    }

    @Test
    void snapshot_changesWithDslcsOwnJars_andOnlyThose() throws Exception {
        Path compiler = Files.writeString(folder.resolve("dslc-compiler.jar"), "one");
        Path javapoet = Files.writeString(folder.resolve("javapoet.jar"), "one");
        Path classes = Files.createDirectories(folder.resolve("grammar/classes"));
        Files.writeString(classes.resolve("Parser.class"), "one");
        PluginDescriptor plugin = plugin("0.1.0-SNAPSHOT",
                artifact("dev.dslc", compiler), artifact("com.palantir.javapoet", javapoet), artifact("dev.dslc", classes));
        String first = PluginFingerprint.of(plugin);

        Files.writeString(javapoet, "two");
        assertEquals(first, PluginFingerprint.of(plugin));

        Files.writeString(compiler, "two");
        String second = PluginFingerprint.of(plugin);
        assertNotEquals(first, second);

        Files.writeString(classes.resolve("Parser.class"), "two");
        assertNotEquals(second, PluginFingerprint.of(plugin));
    }

    private static PluginDescriptor plugin(String version, Artifact... artifacts) {
        PluginDescriptor plugin = new PluginDescriptor();
        plugin.setVersion(version);
        plugin.setArtifacts(List.of(artifacts));
        return plugin;
    }

    private static Artifact artifact(String groupId, Path file) {
        Artifact artifact = new DefaultArtifact(groupId, file.getFileName().toString(), "1", "compile", "jar", null,
                new DefaultArtifactHandler("jar"));
        artifact.setFile(file.toFile());
        return artifact;
    }
}
