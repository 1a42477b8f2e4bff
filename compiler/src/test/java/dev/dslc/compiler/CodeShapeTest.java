package dev.dslc.compiler;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.GradientCheck;
import dev.dslc.runtime.Model;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape of the generated code: compile time and source size linear in the
 * model, every method within HotSpot's limits (8,000 bytes of bytecode, and
 * short enough dependency chains for C2), the same output for the same input,
 * and warning-free Java for every sample.
 */
class CodeShapeTest {
    /** HotSpot does not JIT-compile methods with more bytecode than this. */
    private static final int HUGE_METHOD_BYTES = 8_000;
    /** C2 gives up on dependency chains of about 350 statements; the emitter aims at 200. */
    private static final int MAX_STATEMENTS = 260;

    private static final String MNIST_784_128_10 = ModelSources.twoLayer(784, 128, 10, "relu");

    /**
     * Compile time grows linearly with depth: four times the depth costs well under eight times the CPU time
     * (a quadratic stage would cost sixteen). A ratio, not a time limit, so a slow or shared machine cannot
     * fail it; absolute compile times are measured in docs/performance.md.
     */
    @Test
    void tanhChain_compileTimeGrowsLinearlyWithDepth() {
        generate(ModelSources.tanhChain(2000), "");
        double shallow = cpuSeconds(ModelSources.tanhChain(500));
        double deep = cpuSeconds(ModelSources.tanhChain(2000));

        assertTrue(deep < 8 * shallow, "500 deep took " + shallow + " s of CPU time, 2000 deep " + deep + " s");
    }

    /**
     * This thread's CPU time to compile {@code source}, the least of five
     * runs: a 250-deep chain took 12 to 19 ms, where one collection or JIT
     * compilation on the way moved a single run by several times that.
     */
    private static double cpuSeconds(String source) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double least = Double.POSITIVE_INFINITY;
        for (int run = 0; run < 5; run++) {
            long start = threads.getCurrentThreadCpuTime();
            generate(source, "");
            least = Math.min(least, (threads.getCurrentThreadCpuTime() - start) / 1e9);
        }
        return least;
    }

    @Test
    void tanhChain_sourceSizeGrowsLinearlyWithDepth() {
        int[] depths = {250, 500, 1000};
        int[] sizes = new int[depths.length];
        for (int i = 0; i < depths.length; i++) {
            // the loss gradient's code alone: the derivative entry points are left out past 5,000 operations
            sizes[i] = TestModels.generate("chain.nn", ModelSources.tanhChain(depths[i]),
                    EmitOptions.DEFAULT.withDerivatives(EmitOptions.DerivativeEntryPoints.NONE)).source().length();
        }
        for (int i = 1; i < depths.length; i++) {
            double sizeRatio = (double) sizes[i] / sizes[i - 1];
            double depthRatio = (double) depths[i] / depths[i - 1];
            assertEquals(1.0, sizeRatio / depthRatio, 0.1,
                    "source sizes " + sizes[i - 1] + " and " + sizes[i] + " for depths " + depths[i - 1] + " and " + depths[i]);
        }
    }

    @Test
    void tanhChainOf1000_gradientMatchesCentralDifferencesAndTheInterpreter() {
        String source = ModelSources.tanhChain(1000);
        Model model = TestModels.load(source);
        double[] input = {0.9};
        double[] noTarget = new double[0];

        // dL/dw is about 5.6e-4 here, so the error is relative, with no floor to hide behind.
        GradientCheck.Result result = GradientCheck.everyParameter().withStep(1e-6).withAbsoluteFloor(1e-12)
                .check(model, input, noTarget);
        assertTrue(result.largestRelativeError() < 1e-6, result::toString);

        ReferenceModel.Values expected = ReferenceModel.of(source).evaluate(input, noTarget, model.parameters());
        model.zeroGradients();
        assertEquals(expected.loss(), model.backward(input, noTarget), 1e-15);
        assertEquals(expected.gradient()[0], model.gradients()[0], 1e-15);
    }

    @Test
    void tanhChainOf1000_everyMethodIsShort() {
        assertEveryMethodIsShort(generate(ModelSources.tanhChain(1000), ""));
    }

    @Test
    void model784_128_10_hasOver100000Parameters_andEveryMethodIsShort() {
        GeneratedClass generated = generate(MNIST_784_128_10, "");
        Model model = TestModels.load(MNIST_784_128_10);

        assertTrue(model.parameterCount() >= 100_000, model.parameterCount() + " parameters");
        assertEveryMethodIsShort(generated);
    }

    /**
     * The loop shapes of docs/performance.md: written-out gradient rows, rows through a buffer, several layers,
     * and products of up to 512 multiply-adds written out per element (32 x 16 of 16 terms, 2 x 256 of 256).
     */
    @ParameterizedTest(name = "{0}-{1}-{2}")
    @CsvSource({"784, 16, 10", "784, 32, 10", "784, 200, 10", "64, 32, 10", "1000, 1000, 1000", "32, 16, 10",
        "256, 2, 2"})
    void denseNetworks_everyMethodIsShort(int inputs, int hidden, int classes) {
        assertEveryMethodIsShort(generate(ModelSources.twoLayer(inputs, hidden, classes, "relu"), ""));
    }

    @ParameterizedTest(name = "{0}-{1}-{2}")
    @CsvSource({"784, 128, 10", "784, 200, 10", "64, 32, 10", "1000, 1000, 1000"})
    void denseNetworksWithTheVectorApi_everyMethodIsShort(int inputs, int hidden, int classes) {
        assertEveryMethodIsShort(TestModels.generate("model.nn", ModelSources.twoLayer(inputs, hidden, classes, "relu"),
                new EmitOptions(true)));
    }

    @Test
    void model784_128_10_gradientMatchesCentralDifferencesAtRandomCoordinates() {
        Model model = TestModels.load(MNIST_784_128_10);
        Random random = new Random(11);
        double[] input = random.doubles(784, 0, 1).toArray();
        double[] target = new double[10];
        target[3] = 1;
        double floor = 1e-2 * Math.max(1, Math.abs(model.loss(input, target)));

        GradientCheck.Result result = GradientCheck.sample(40, 5L).withStep(1e-6).withAbsoluteFloor(floor)
                .check(model, input, target);

        assertTrue(result.largestRelativeError() < 1e-6, result::toString);
    }

    /** The checker allows at most 500 parameter declarations: their constructor and layout table must still fit. */
    @Test
    void model500ScalarParameters_compiles_andItsPerCallMethodsAreShort() {
        GeneratedClass generated = generate(ModelSources.scalarParameters(500), "");

        Map<String, Integer> tooBig = new LinkedHashMap<>();
        ModelLoader.compile(generated).forEach((className, bytes) ->
                ClassFileMethods.codeLengths(bytes).forEach((method, length) -> {
                    boolean perCall = method.startsWith("forward") || method.startsWith("loss")
                            || method.startsWith("backward") || method.startsWith("zeroGradients");
                    if (perCall && length >= HUGE_METHOD_BYTES) {
                        tooBig.put(method, length);
                    }
                }));
        assertEquals(Map.of(), tooBig);
    }

    @Test
    void generatedSource_isByteIdenticalAcrossCompilations() throws IOException {
        List<String> sources = new ArrayList<>();
        sources.add(ModelSources.tanhChain(300));
        sources.add(MNIST_784_128_10);
        sources.addAll(OperatorCases.all().stream().map(OperatorCases.Case::source).toList());
        for (Path sample : samples()) {
            sources.add(Files.readString(sample));
        }
        for (String source : sources) {
            assertEquals(generate(source, "com.example").source(), generate(source, "com.example").source(), source);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySample_compilesWithoutWarnings(Path sample) throws IOException {
        GeneratedClass generated = generate(Files.readString(sample), "com.example.models");

        assertThat(com.google.testing.compile.Compiler.javac()
                .withOptions("--release", "17", "-Xlint:all", "-proc:none")
                .compile(JavaFileObjects.forSourceString(generated.qualifiedName(), generated.source())))
                .succeededWithoutWarnings();
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(TestModels.repositoryRoot().resolve("samples"))) {
            return files.filter(f -> f.toString().endsWith(".nn")).sorted().toList();
        }
    }

    private static GeneratedClass generate(String source, String packageName) {
        Compilation compilation = Compiler.compile(new SourceFile("model.nn", source), packageName);
        assertFalse(compilation.hasErrors(), () -> "errors: " + compilation.diagnostics());
        return compilation.generated().orElseThrow();
    }

    /** Every method under HotSpot's bytecode limit, and every method body under MAX_STATEMENTS statements. */
    private static void assertEveryMethodIsShort(GeneratedClass generated) {
        Map<String, Integer> tooBig = new LinkedHashMap<>();
        ModelLoader.compile(generated).forEach((className, bytes) ->
                ClassFileMethods.codeLengths(bytes).forEach((method, length) -> {
                    if (length >= HUGE_METHOD_BYTES) {
                        tooBig.put(className + "." + method, length);
                    }
                }));
        assertEquals(Map.of(), tooBig, "methods of " + HUGE_METHOD_BYTES + " bytes of bytecode or more");

        Map<String, Integer> statements = statementsPerMethod(generated.source());
        assertTrue(statements.keySet().stream().anyMatch(m -> m.startsWith("public double backward(")),
                "no backward method found in " + statements.keySet());
        Map<String, Integer> tooLong = new LinkedHashMap<>();
        statements.forEach((method, count) -> {
            if (count > MAX_STATEMENTS) {
                tooLong.put(method, count);
            }
        });
        assertEquals(Map.of(), tooLong, "methods of more than " + MAX_STATEMENTS + " statements");
    }

    /**
     * Statements (lines ending in ';') in the body of every member of the
     * generated class, keyed by its declaration line. JavaPoet indents members
     * by four spaces and closes them with a line of exactly {@code "    }"}.
     */
    static Map<String, Integer> statementsPerMethod(String source) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String member = null;
        int statements = 0;
        for (String line : source.split("\n")) {
            if (member == null && line.startsWith("    ") && !line.startsWith("     ") && line.endsWith("{")) {
                member = line.trim();
                statements = 0;
            } else if (member != null && line.equals("    }")) {
                counts.put(member, statements);
                member = null;
            } else if (member != null && line.trim().endsWith(";")) {
                statements++;
            }
        }
        return counts;
    }
}
