package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiler keeps no shared mutable state: many threads compiling
 * different models at once (as the Maven plugin does under {@code -T 4})
 * produce exactly the bytes that one thread compiling them in turn does.
 */
class ConcurrencyTest {

    @Test
    void compilingInParallel_givesTheSameClassesAsCompilingInTurn() throws Exception {
        Map<String, String> models = models();
        Map<String, String> sequential = new LinkedHashMap<>();
        models.forEach((name, source) -> sequential.put(name, compile(name, source)));

        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Map.Entry<String, String> model : models.entrySet()) {
                    names.add(model.getKey());
                    results.add(threads.submit(() -> compile(model.getKey(), model.getValue())));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(sequential.get(names.get(i)), results.get(i).get(), names.get(i));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every sample, the diagnostics files (errors included) and some random models. */
    private static Map<String, String> models() throws IOException {
        Map<String, String> models = new LinkedHashMap<>();
        for (Path folder : List.of(TestModels.repositoryRoot().resolve("samples"), Path.of("src/test/resources/diagnostics"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                    models.put(file.getFileName().toString(), Files.readString(file));
                }
            }
        }
        for (long seed = 1; seed <= 12; seed++) {
            models.put("random" + seed + ".nn", ModelGenerator.generate(seed, "Random" + seed));
        }
        return models;
    }

    /** The class's source, or the diagnostics, as one string. */
    private static String compile(String name, String source) {
        Compilation compilation = Compiler.compile(new SourceFile(name, source), "dev.dslc.concurrent");
        return compilation.generated().map(GeneratedClass::source).orElse("") + compilation.diagnostics();
    }
}
