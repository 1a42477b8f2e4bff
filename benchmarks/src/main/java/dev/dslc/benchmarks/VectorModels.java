package dev.dslc.benchmarks;

import dev.dslc.benchmarks.models.vector.Mlp64x32x10;
import dev.dslc.benchmarks.models.vector.Mlp784x128x10;
import dev.dslc.benchmarks.models.vector.Mlp784x16x16x10;
import dev.dslc.runtime.Model;
import java.util.List;

/**
 * The networks with dense layers large enough for dot-product loops, compiled
 * again with dslc's opt-in Vector API mode (the {@code vector-api} execution in
 * benchmarks/pom.xml). A class of its own, so that only the JVMs that measure
 * these, started with {@code --add-modules jdk.incubator.vector}, load them.
 */
final class VectorModels {
    static final List<String> SHAPES = List.of("64-32-10", "784-16-16-10", "784-128-10");

    private VectorModels() {
    }

    static Model newModel(Shape shape, long seed) {
        return switch (shape) {
            case S64_32_10 -> new Mlp64x32x10(seed);
            case S784_16_16_10 -> new Mlp784x16x16x10(seed);
            case S784_128_10 -> new Mlp784x128x10(seed);
            default -> throw new IllegalArgumentException("no Vector API model for " + shape.label);
        };
    }
}
