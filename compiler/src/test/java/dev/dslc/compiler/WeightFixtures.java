package dev.dslc.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The weight files and expected outputs that
 * runtime/src/test/python/make_weight_fixtures.py wrote with PyTorch and
 * NumPy, and the .nn files of the same models.
 */
public final class WeightFixtures {
    /** Where the fixtures are, in the runtime's test resources. */
    public static final Path DIRECTORY = TestModels.repositoryRoot()
            .resolve("runtime/src/test/resources/dev/dslc/runtime/weights");
    /** PyTorch's names for the 784-128-10 network's tensors, mapped to mlp_784_128_10.nn's parameters. */
    public static final Map<String, String> MLP_NAMES = Map.of("fc1.weight", "W1", "fc1.bias", "b1",
            "fc2.weight", "W2", "fc2.bias", "b2");

    private WeightFixtures() {
    }

    public static Path path(String name) {
        return DIRECTORY.resolve(name);
    }

    /** A cases file's rows of numbers. */
    public static List<double[]> cases(String name) throws IOException {
        return Files.readAllLines(path(name)).stream()
                .map(line -> Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray()).toList();
    }
}
