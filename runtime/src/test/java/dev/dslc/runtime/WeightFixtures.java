package dev.dslc.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The weight files that runtime/src/test/python/make_weight_fixtures.py wrote with PyTorch and NumPy. */
final class WeightFixtures {

    private WeightFixtures() {
    }

    /** The fixture {@code name} in the weights folder of the test resources. */
    static Path path(String name) {
        try {
            return Path.of(Objects.requireNonNull(WeightFixtures.class.getResource("weights/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model of weights/mixed.nn's layout, loaded from the fixture {@code name}. */
    static TestModelOfLayout mixed(String name) throws IOException {
        TestModelOfLayout model = TestModelOfLayout.mixed();
        WeightFile.load(model, path(name));
        return model;
    }
}
