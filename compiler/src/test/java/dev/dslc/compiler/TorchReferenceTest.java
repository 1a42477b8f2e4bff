package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.explain.MiniJson;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;
import dev.dslc.runtime.ModelDerivatives;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Random models (see {@link ModelGenerator}) against an implementation that
 * shares nothing with dslc: PyTorch in float64, through
 * {@code src/test/python/torch_reference.py}, which parses the {@code .nn}
 * text itself and builds every built-in from the language's definition. The
 * {@link DifferentialTest} compares classes with dslc's own interpreter,
 * which shares the front end, the lowering and the rewrite rules, so a wrong
 * lowering of a built-in would pass there and fails here.
 *
 * <p>Every build checks the committed fixture {@value #FIXTURE_PATH} (models,
 * points, and PyTorch's loss, output and gradient, and where the fixture has
 * them the input gradient, the Jacobian and the Hessian-vector product along
 * {@link #direction}, by autograd's double backward); the build never needs
 * Python. {@code -Ddslc.torch.dump=N} writes N fresh models (seeds from
 * {@code -Ddslc.torch.seed}, 1 by default) with dslc's numbers to
 * {@value #DUMP_PATH} for the script; see docs/robustness.md.
 */
class TorchReferenceTest {
    static final String FIXTURE_PATH = "src/test/resources/torch/reference.jsonl";
    static final String DUMP_PATH = "target/torch-dump.jsonl";
    static final String HANDWRITTEN = "src/test/resources/torch/models";
    private static final int DUMP = Integer.getInteger("dslc.torch.dump", 0);
    private static final long FIRST_SEED = Long.getLong("dslc.torch.seed", 1L);
    private static final int BATCH = 60;
    private static final String PACKAGE = "dev.dslc.torch";
    private static final double TOLERANCE = 1e-9;
    /** The derivatives compared where the fixture has them: the gradient, then the entry points beyond it. */
    private static final List<String> DERIVATIVES = List.of("gradient", "dInput", "jacobian", "hv");
    private static final EmitOptions EVERY_DERIVATIVE =
            EmitOptions.DEFAULT.withDerivatives(EmitOptions.DerivativeEntryPoints.ALL);

    /** One model at one point: what the generated class computes there. */
    private record Point(double[] parameters, double[] input, double[] target) {
    }

    @Test
    void committedFixture_dslcAgreesWithPyTorch() throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(FIXTURE_PATH))) {
            if (!line.isBlank()) {
                entries.add(object(MiniJson.parse(line)));
            }
        }
        assertTrue(entries.size() >= 150, "the fixture holds " + entries.size() + " points");
        List<String> sources = entries.stream().map(e -> (String) e.get("source")).toList();
        // each model comes at two points; one class of a name per javac run
        List<String> models = sources.stream().distinct().toList();
        List<Class<? extends Model>> classes = compiled(models);
        List<Class<? extends Model>> types = sources.stream().<Class<? extends Model>>map(s -> classes.get(models.indexOf(s))).toList();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = entries.get(i);
            String where = entry.getOrDefault("file", "seed " + Math.round(number(entry.get("seed")))) + ", "
                    + entry.get("point") + " point";
            if (types.get(i) == null) {
                failures.add(where + ": dslc does not compile it\n" + sources.get(i));
                continue;
            }
            Point point = new Point(numbers(entry.get("parameters")), numbers(entry.get("input")), numbers(entry.get("target")));
            Map<String, Object> computed = evaluate(types.get(i), point);
            String problem = disagreement(entry, computed);
            if (problem != null) {
                failures.add(where + ": " + problem + "\n" + sources.get(i));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " models disagree with PyTorch:\n" + String.join("\n\n", failures));
    }

    @Test
    void dump_writesModelsWithDslcsNumbersForTheScript() throws IOException {
        assumeTrue(DUMP > 0, "only with -Ddslc.torch.dump=N");
        Path file = Path.of(DUMP_PATH);
        Files.createDirectories(file.getParent());
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (long start = FIRST_SEED; start < FIRST_SEED + DUMP; start += BATCH) {
                List<String> sources = new ArrayList<>();
                for (long seed = start; seed < Math.min(start + BATCH, FIRST_SEED + DUMP); seed++) {
                    sources.add(ModelGenerator.generate(seed, "Random" + seed));
                }
                List<Class<? extends Model>> types = compiled(sources);
                for (int i = 0; i < sources.size(); i++) {
                    for (boolean grid : new boolean[] {false, true}) {
                        out.write(MiniJson.write(entry(start + i, sources.get(i), types.get(i), grid)));
                        out.newLine();
                    }
                    written++;
                }
            }
            List<Path> files = handwritten();
            List<String> sources = new ArrayList<>();
            for (Path nn : files) {
                sources.add(Files.readString(nn));
            }
            List<Class<? extends Model>> types = compiled(sources);
            for (int i = 0; i < files.size(); i++) {
                for (boolean grid : new boolean[] {false, true}) {
                    Map<String, Object> entry = entry(0, sources.get(i), types.get(i), grid);
                    entry.put("file", files.get(i).getFileName().toString());
                    out.write(MiniJson.write(entry));
                    out.newLine();
                }
            }
        }
        assertEquals(DUMP, written);
    }

    /**
     * Models written by hand for what the generator never writes (targets that do not sum to 1, ties in
     * parameters, {@code x ^ 0} at zero), dumped with the random ones.
     */
    private static List<Path> handwritten() throws IOException {
        try (Stream<Path> listing = Files.list(Path.of(HANDWRITTEN))) {
            return listing.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
    }

    /**
     * The model at a random point, as {@link DifferentialTest} draws them, or
     * ({@code grid}) at a point on the grid -1, -0.5, 0, 0.5, 1, where
     * exact zeros and ties meet the built-ins' conventions at their kinks.
     */
    private static Map<String, Object> entry(long seed, String source, Class<? extends Model> type, boolean grid) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seed", seed);
        entry.put("point", grid ? "grid" : "random");
        entry.put("source", source);
        if (type == null) {
            entry.put("error", "dslc does not compile it");
            return entry;
        }
        Model model = instance(type);
        Random random = new Random(seed * 31 + source.hashCode() + (grid ? 1 : 0));
        Point point = new Point(points(random, model.parameterCount(), grid),
                points(random, model.inputSize(), grid), points(random, model.targetSize(), grid));
        entry.put("parameters", json(point.parameters()));
        entry.put("input", json(point.input()));
        entry.put("target", json(point.target()));
        entry.putAll(evaluate(type, point));
        return entry;
    }

    /** The fixture's reference numbers against the class's, to 1e-9 as in {@link DifferentialTest}. */
    private static String disagreement(Map<String, Object> expected, Map<String, Object> actual) {
        double loss = number(expected.get("loss"));
        double actualLoss = number(actual.get("loss"));
        if (!BatchedCalls.close(loss, actualLoss, Math.abs(loss), TOLERANCE)) {
            return "loss: PyTorch " + loss + ", dslc " + actualLoss;
        }
        double[] output = numbers(expected.get("output"));
        double[] actualOutput = numbers(actual.get("output"));
        for (int i = 0; i < output.length; i++) {
            if (!BatchedCalls.close(output[i], actualOutput[i], Math.abs(output[i]), TOLERANCE)) {
                return "output[" + i + "]: PyTorch " + output[i] + ", dslc " + actualOutput[i];
            }
        }
        for (String key : DERIVATIVES) {
            if (expected.containsKey(key)) {
                if (!actual.containsKey(key)) {
                    return "the fixture has PyTorch's " + key + ", but the class has no entry point for it";
                }
                String problem = vectorDisagreement(key, numbers(expected.get(key)), numbers(actual.get(key)));
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** Compared relative to the largest finite element, which sums of many terms amplify. */
    private static String vectorDisagreement(String key, double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            return key + " has " + expected.length + " elements in PyTorch, " + actual.length + " in dslc";
        }
        double scale = Arrays.stream(expected).filter(Double::isFinite).map(Math::abs).max().orElse(0.0);
        for (int i = 0; i < expected.length; i++) {
            if (!BatchedCalls.close(expected[i], actual[i], scale, TOLERANCE)) {
                return key + "[" + i + "]: PyTorch " + expected[i] + ", dslc " + actual[i];
            }
        }
        return null;
    }

    /**
     * The v of the Hessian-vector product, the same as the script's: v[i] = ((7 i) mod 11 - 5) / 5, every
     * value from -1 to 1 in steps of 0.2 (exact in binary only at 0 and +-1, and the same in both).
     */
    static double[] direction(int parameterCount) {
        double[] v = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) {
            v[i] = ((7L * i) % 11 - 5) / 5.0;
        }
        return v;
    }

    /** Loss, output and gradient of the class at the point, as JSON values. */
    private static Map<String, Object> evaluate(Class<? extends Model> type, Point point) {
        Model model = instance(type);
        System.arraycopy(point.parameters(), 0, model.parameters(), 0, point.parameters().length);
        double[] output = new double[model.outputSize()];
        model.forward(point.input(), output);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("loss", json(model.loss(point.input(), point.target())));
        values.put("output", json(output));
        model.zeroGradients();
        model.backward(point.input(), point.target());
        values.put("gradient", json(model.gradients().clone()));
        // the entry points the class has (the default ones where every one passes dslc's or javac's limits)
        if (model instanceof ModelDerivatives.InputGradient entry) {
            double[] dInput = new double[model.inputSize()];
            entry.inputGradient(point.input(), point.target(), dInput);
            values.put("dInput", json(dInput));
        }
        if (model instanceof ModelDerivatives.Jacobian entry) {
            double[] jacobian = new double[model.outputSize() * model.inputSize()];
            entry.jacobian(point.input(), jacobian);
            values.put("jacobian", json(jacobian));
        }
        if (model instanceof ModelDerivatives.HessianVectorProduct entry) {
            double[] hv = new double[model.parameterCount()];
            entry.hessianVectorProduct(point.input(), point.target(), direction(model.parameterCount()), hv);
            values.put("hv", json(hv));
        }
        return values;
    }

    /**
     * The loaded class of each source, or null where dslc or javac fails on it; compiled together, as javac is
     * slow to start. Each is compiled with every derivative entry point where it can be, so that the Jacobian of
     * a wide output is compared too, and with the default ones where that passes dslc's or javac's limits.
     */
    private static List<Class<? extends Model>> compiled(List<String> sources) {
        List<GeneratedClass> classes = new ArrayList<>();
        List<GeneratedClass> bySource = new ArrayList<>();
        Map<String, String> sourceOf = new HashMap<>();
        for (String source : sources) {
            GeneratedClass generated = generated(source, EVERY_DERIVATIVE);
            if (generated == null) {
                generated = generated(source, EmitOptions.DEFAULT);
            }
            bySource.add(generated);
            if (generated != null) {
                classes.add(generated);
                sourceOf.put(generated.qualifiedName(), source);
            }
        }
        Map<String, Class<? extends Model>> loaded = new HashMap<>();
        for (int start = 0; start < classes.size(); start += BATCH) {
            List<GeneratedClass> batch = classes.subList(start, Math.min(start + BATCH, classes.size()));
            try {
                loaded.putAll(ModelLoader.loadAll(batch));
            } catch (IllegalStateException rejected) {
                for (GeneratedClass generated : batch) {
                    loaded.putAll(loadedAlone(generated, sourceOf.get(generated.qualifiedName())));
                }
            }
        }
        return bySource.stream().<Class<? extends Model>>map(g -> g == null ? null : loaded.get(g.qualifiedName())).toList();
    }

    /** The class by itself, or with the default entry points if javac refuses it; empty if it refuses that too. */
    private static Map<String, Class<? extends Model>> loadedAlone(GeneratedClass generated, String source) {
        for (GeneratedClass candidate : java.util.Arrays.asList(generated, generated(source, EmitOptions.DEFAULT))) {
            try {
                return candidate == null ? Map.of() : ModelLoader.loadAll(List.of(candidate));
            } catch (IllegalStateException e) {
                // the next candidate, or left out: reported as a model dslc does not compile
            }
        }
        return Map.of();
    }

    /** The generated class, or null where dslc reports errors or crashes. */
    private static GeneratedClass generated(String source, EmitOptions options) {
        try {
            Compilation compilation = Compiler.compile(new SourceFile("random.nn", source), PACKAGE, options);
            return compilation.hasErrors() ? null : compilation.generated().orElse(null);
        } catch (RuntimeException crash) {
            return null;
        }
    }

    private static Model instance(Class<? extends Model> type) {
        try {
            return type.getConstructor(long.class).newInstance(1L);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Magnitudes 0.05 to 1, away from the kinks at zero, as {@link DifferentialTest} draws them; or on the grid. */
    private static double[] points(Random random, int length, boolean grid) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            if (grid) {
                values[i] = random.nextInt(5) * 0.5 - 1;
                continue;
            }
            double magnitude = 0.05 + 0.95 * random.nextDouble();
            values[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return values;
    }

    /** JSON has no NaN or infinities: those travel as the strings Java and Python both print for them. */
    private static Object json(double value) {
        return Double.isFinite(value) ? (Object) value : String.valueOf(value);
    }

    private static List<Object> json(double[] values) {
        return Arrays.stream(values).mapToObj(TorchReferenceTest::json).toList();
    }

    private static double number(Object value) {
        return value instanceof String text ? Double.parseDouble(text) : (Double) value;
    }

    private static double[] numbers(Object value) {
        return ((List<?>) value).stream().mapToDouble(TorchReferenceTest::number).toArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }
}
