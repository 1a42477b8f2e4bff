package dev.dslc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the last successful run saw and wrote: the fingerprint of its inputs
 * and configuration, and the files it generated, so that the next run can
 * skip, or delete what a removed model left behind. Kept as a small text file
 * under {@code target/dslc/}; deleting it forces a full run.
 */
record BuildState(String fingerprint, List<Path> outputs) {
    private static final String HEADER = "# dslc incremental build state: delete this file to regenerate everything";
    private static final String FINGERPRINT = "fingerprint=";
    private static final String OUTPUT = "output=";

    static final BuildState NONE = new BuildState("", List.of());

    BuildState {
        outputs = List.copyOf(outputs);
    }

    /** The recorded state, or {@link #NONE} when there is none or it cannot be read. */
    static BuildState read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return NONE; // missing or unreadable: that only costs a full run
        }
        String fingerprint = "";
        List<Path> outputs = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(FINGERPRINT)) {
                fingerprint = line.substring(FINGERPRINT.length());
            } else if (line.startsWith(OUTPUT)) {
                outputs.add(Path.of(line.substring(OUTPUT.length())));
            }
        }
        return new BuildState(fingerprint, outputs);
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add(FINGERPRINT + fingerprint);
        outputs.forEach(output -> lines.add(OUTPUT + output.toAbsolutePath()));
        GeneratedFiles.writeIfChanged(file, String.join("\n", lines) + "\n");
    }

    /** True when a run with this fingerprint would change nothing. */
    boolean isUpToDate(String currentFingerprint) {
        return !fingerprint.isEmpty() && fingerprint.equals(currentFingerprint)
                && outputs.stream().allMatch(Files::isRegularFile);
    }
}
