package dev.dslc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the model files below a folder with Ant-style patterns, as Maven's
 * own {@code <includes>} do: {@code *} within a folder name, {@code **} across
 * folders ({@code **}{@code /*.nn} matches {@code xor.nn} and {@code a/b/xor.nn}),
 * {@code ?} one character, and a pattern ending in {@code /} means everything
 * below that folder.
 */
final class ModelScanner {
    private final List<Pattern> includes;
    private final List<Pattern> excludes;
    private final int maxDepth;

    ModelScanner(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(ModelScanner::toRegex).toList();
        this.excludes = excludes.stream().map(ModelScanner::toRegex).toList();
        // Without "**" a pattern says how deep to look: "*.nn" must not walk all of target/.
        this.maxDepth = includes.stream().mapToInt(ModelScanner::depth).max().orElse(0);
    }

    /** The included files, as paths relative to {@code root}, in a stable order; none if it does not exist. */
    List<Path> scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, maxDepth)) {
            return walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(this::selects)
                    .sorted()
                    .toList();
        }
    }

    boolean selects(Path relative) {
        String path = relative.toString().replace('\\', '/');
        return matchesAny(includes, path) && !matchesAny(excludes, path);
    }

    private static boolean matchesAny(List<Pattern> patterns, String path) {
        return patterns.stream().anyMatch(p -> p.matcher(path).matches());
    }

    private static int depth(String pattern) {
        String normalized = normalize(pattern);
        return normalized.contains("**") ? Integer.MAX_VALUE : normalized.split("/").length;
    }

    private static String normalize(String pattern) {
        String normalized = pattern.trim().replace('\\', '/');
        while (normalized.startsWith("/")) {
            normalized = normalized.substring(1);
        }
        return normalized.endsWith("/") ? normalized + "**" : normalized;
    }

    static Pattern toRegex(String antPattern) {
        String pattern = normalize(antPattern);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
