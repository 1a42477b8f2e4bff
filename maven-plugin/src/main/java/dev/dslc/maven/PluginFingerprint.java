package dev.dslc.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;

/**
 * What identifies the code generator. A release is its version; a
 * {@code -SNAPSHOT} is rebuilt under the same version, so it is also the
 * content of dslc's own jars (the plugin, the compiler and the grammar), or a
 * build that dogfoods a changed compiler would keep the old generated code.
 */
final class PluginFingerprint {

    private PluginFingerprint() {
    }

    static String of(PluginDescriptor plugin) throws MojoExecutionException {
        if (!plugin.getVersion().endsWith("-SNAPSHOT")) {
            return plugin.getVersion();
        }
        Fingerprint fingerprint = new Fingerprint().add(plugin.getVersion());
        try {
            for (Path file : dslcFiles(plugin)) {
                fingerprint.add(file.getFileName().toString()).add(Files.readAllBytes(file));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("cannot read the dslc plugin's own jars", e);
        }
        return plugin.getVersion() + "+" + fingerprint.hex();
    }

    private static List<Path> dslcFiles(PluginDescriptor plugin) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Artifact artifact : plugin.getArtifacts()) {
            File file = artifact.getFile();
            if ("dev.dslc".equals(artifact.getGroupId()) && file != null) {
                files.addAll(regularFiles(file.toPath()));
            }
        }
        return files;
    }

    /** A jar, or every file below a folder when the reactor hands over {@code target/classes}. */
    private static List<Path> regularFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
    }
}
