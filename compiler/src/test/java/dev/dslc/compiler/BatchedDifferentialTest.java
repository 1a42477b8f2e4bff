package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * backwardBatch against backward on each example, summed, and the fused
 * sgdStep against backward then update, on the random models of
 * {@link ModelGenerator}: every operation in every combination the generator
 * writes, shared values and per-example values mixed, partial blocks. (The
 * batched code and the fused step are code shapes of their own; this is their
 * differential test.)
 */
class BatchedDifferentialTest {
    private static final int MODELS = 240;
    private static final int GROUP = 60;
    private static final int EXAMPLES = 37;
    /** Sums in another order; random models can amplify rounding, so relative to the largest value. */
    private static final double TOLERANCE = 1e-9;

    @Test
    void randomModels_backwardBatchAndSgdStepAgreeWithBackward() throws Throwable {
        List<String> failures = new ArrayList<>();
        for (long first = 1; first <= MODELS; first += GROUP) {
            List<GeneratedClass> classes = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (long seed = first; seed < first + GROUP; seed++) {
                String source = ModelGenerator.generate(seed, "Batched" + seed);
                sources.add(source);
                classes.add(Compiler.compile(new SourceFile("random.nn", source), "dev.dslc.batched").generated()
                        .orElseThrow(() -> new AssertionError("the generator wrote a model with errors:\n" + source)));
            }
            Map<String, Class<? extends Model>> loaded = ModelLoader.loadAll(classes);
            for (int i = 0; i < classes.size(); i++) {
                Model model = loaded.get(classes.get(i).qualifiedName()).getConstructor(long.class).newInstance(first + i);
                String problem = BatchedCalls.disagreement(model, EXAMPLES, first + i, TOLERANCE);
                if (problem == null) {
                    problem = SgdSteps.disagreement(model, 2, first + i, TOLERANCE);
                }
                if (problem != null) {
                    failures.add("seed " + (first + i) + ": " + problem + "\n" + sources.get(i));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }
}
