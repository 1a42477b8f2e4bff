package dev.dslc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the last successful run saw and wrote: the fingerprint of its inputs
 * and configuration, and the files it generated with the SHA-256 of what it
 * wrote, so that the next run can skip, or delete what a removed model left
 * behind. Kept as a small text file under {@code target/dslc/}; deleting it
 * forces a full run.
 *
 * <p>Outputs are recorded relative to the output directory, and the state
 * names the output directory it was made for: a state file that travelled
 * with a copied project (or was made for another folder) is ignored, so a
 * build never acts on another project's files.
 *
 * @param outputDirectory the absolute output directory the outputs are relative to
 * @param outputs         the generated files, relative to {@code outputDirectory}, with their content hashes
 */
record BuildState(Path outputDirectory, String fingerprint, List<Output> outputs) {
    private static final String HEADER = "# dslc incremental build state: delete this file to regenerate everything";
    private static final String FORMAT = "format=2";
    private static final String OUTPUT_DIRECTORY = "outputDirectory=";
    private static final String FINGERPRINT = "fingerprint=";
    private static final String OUTPUT = "output=";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * One generated file.
     *
     * @param path   relative to the output directory, with {@code /} between folders
     * @param sha256 the SHA-256 of the bytes the plugin wrote, in lower-case hex
     */
    record Output(String path, String sha256) {
    }

    BuildState {
        outputDirectory = outputDirectory.toAbsolutePath().normalize();
        outputs = List.copyOf(outputs);
    }

    /** No previous run: nothing to skip, nothing to remove. */
    static BuildState none(Path outputDirectory) {
        return new BuildState(outputDirectory, "", List.of());
    }

    /**
     * The state recorded in {@code file} for {@code outputDirectory}; none when
     * there is no file, it cannot be read, it is in another format or damaged,
     * or it was made for another output directory.
     */
    static BuildState read(Path file, Path outputDirectory) {
        BuildState none = none(outputDirectory);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return none; // missing or unreadable: that only costs a full run
        }
        if (!lines.contains(FORMAT) || !lines.contains(OUTPUT_DIRECTORY + none.outputDirectory())) {
            return none; // an older plugin's absolute paths, or another project's folder
        }
        String fingerprint = "";
        List<Output> outputs = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(FINGERPRINT)) {
                fingerprint = line.substring(FINGERPRINT.length());
            } else if (line.startsWith(OUTPUT)) {
                String[] hashAndPath = line.substring(OUTPUT.length()).split(" ", 2);
                if (hashAndPath.length != 2 || !SHA256.matcher(hashAndPath[0]).matches()) {
                    return none;
                }
                outputs.add(new Output(hashAndPath[1], hashAndPath[0]));
            }
        }
        return new BuildState(outputDirectory, fingerprint, outputs);
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add(FORMAT);
        lines.add(OUTPUT_DIRECTORY + outputDirectory);
        lines.add(FINGERPRINT + fingerprint);
        outputs.forEach(output -> lines.add(OUTPUT + output.sha256() + " " + output.path()));
        GeneratedFiles.writeIfChanged(file, String.join("\n", lines) + "\n");
    }

    /** True when a run with this fingerprint would change nothing. */
    boolean isUpToDate(String currentFingerprint) {
        GeneratedFiles files = new GeneratedFiles(outputDirectory);
        return !fingerprint.isEmpty() && fingerprint.equals(currentFingerprint)
                && outputs.stream().map(output -> files.inside(output.path()))
                        .allMatch(file -> file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    }
}
