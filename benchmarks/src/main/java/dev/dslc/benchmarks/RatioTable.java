package dev.dslc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every {@link TrainingStep} benchmark in one JMH run and prints the
 * table of docs/performance.md: median nanoseconds per training step of
 * each implementation, and the generated code's speed as ratios against
 * the baselines measured in the same run, shape by shape (each shape's
 * implementations run one after another, so that they see the same load).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar            # the full run, about 10 minutes on 2 cores
 * java -jar benchmarks/target/benchmarks.jar --quick    # one short fork each: a smoke test, not a measurement
 * </pre>
 */
public final class RatioTable {
    private static final List<String> SHAPES =
            List.of("2-2-1", "2-4-1", "4-16-3", "64-32-10", "784-16-16-10", "784-128-10");
    /** The tape takes seconds per step beyond these. */
    private static final List<String> TAPE_SHAPES = List.of("2-2-1", "2-4-1", "4-16-3", "64-32-10");
    private static final List<String> SMALL = List.of("2-2-1", "2-4-1", "4-16-3");

    private RatioTable() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        String startLoad = loadAverage();
        long start = System.nanoTime();
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (String shape : SHAPES) {
            String methods = TAPE_SHAPES.contains(shape) ? "(dslc|dslcFused|dslcBatch|loops|loopsTuned|tape|tapeTuned)"
                    : "(dslc|dslcFused|dslcBatch|loops|loopsTuned)";
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(TrainingStep.class.getName() + "\\." + methods + "$")
                    .param("shape", shape)
                    .verbosity(VerboseMode.SILENT);
            if (quick) {
                options.forks(1).warmupIterations(1).measurementIterations(2);
            } else if (shape.startsWith("784-")) {
                // dslc's written-out weight rows (128 of them at 784-128-10) take C2 two to four seconds to compile.
                options.warmupIterations(6);
            }
            Map<String, Double> byMethod = new LinkedHashMap<>();
            for (RunResult result : new Runner(options.build()).run()) {
                String method = result.getParams().getBenchmark();
                byMethod.put(method.substring(method.lastIndexOf('.') + 1), median(result.getBenchmarkResults()));
            }
            medians.put(shape, byMethod);
            System.err.printf("%s done after %.1f minutes%n", shape, (System.nanoTime() - start) / 60e9);
        }
        print(medians, quick, startLoad, (System.nanoTime() - start) / 60e9);
    }

    /** The median over every measured iteration of every fork: robust to a few disturbed iterations. */
    private static double median(Collection<BenchmarkResult> forks) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : forks) {
            for (IterationResult iteration : fork.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore());
            }
        }
        Collections.sort(scores);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private static void print(Map<String, Map<String, Double>> medians, boolean quick, String startLoad, double minutes) {
        System.out.printf("dslc training-step benchmark, %s%s%n", LocalDate.now(), quick ? " (--quick: NOT a measurement)" : "");
        System.out.printf("JDK %s (%s), %s, %d cores; load average %s at the start, %s at the end; %.1f minutes%n%n",
                System.getProperty("java.vm.version"), System.getProperty("java.vm.name"), cpu(),
                Runtime.getRuntime().availableProcessors(), startLoad, loadAverage(), minutes);
        System.out.println("Median ns per training step (forward, backward, SGD update; one example). dslc is");
        System.out.println("Sgd.step(model, x, y), which runs the generated class's fused sgdStep; dslc, unfused, is");
        System.out.println("backward(x, y) then Sgd.step(model), the two-call form (gradients accumulated, then applied):");
        System.out.println();
        System.out.println("| shape | dslc | dslc, unfused | loops | loops, tuned | tape | tape, tuned | loops / dslc "
                + "| tuned / dslc | tuned / unfused | tape / dslc | tuned tape / dslc |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Double>> row : medians.entrySet()) {
            Map<String, Double> m = row.getValue();
            double dslc = m.get("dslcFused");
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.getKey(), ns(dslc),
                    ns(m.get("dslc")), ns(m.get("loops")), ns(m.get("loopsTuned")), ns(m.get("tape")),
                    ns(m.get("tapeTuned")), ratio(m.get("loops"), dslc), ratio(m.get("loopsTuned"), dslc),
                    ratio(m.get("loopsTuned"), m.get("dslc")), ratio(m.get("tape"), dslc),
                    ratio(m.get("tapeTuned"), dslc));
        }
        System.out.println();
        System.out.printf("Mini-batch of %d with backwardBatch (one call and one SGD step per batch), against one%n"
                + "example at a time; GFLOP/s counts 6 operations per weight per example:%n%n", TrainingStep.EXAMPLES);
        System.out.println("| shape | dslc batch, ns/example | GFLOP/s | loops GFLOP/s | tuned GFLOP/s | batch / loops |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Double>> row : medians.entrySet()) {
            Map<String, Double> m = row.getValue();
            long flops = Shape.of(row.getKey()).flopsPerExample();
            double batch = m.get("dslcBatch") / TrainingStep.EXAMPLES;
            System.out.printf("| %s | %s | %.2f | %.2f | %.2f | %s |%n", row.getKey(), ns(batch), flops / batch,
                    flops / m.get("loops"), flops / m.get("loopsTuned"), ratio(m.get("loops"), batch));
        }
        System.out.println();
        System.out.println("Targets (issue 5):");
        for (Map.Entry<String, Map<String, Double>> row : medians.entrySet()) {
            Map<String, Double> m = row.getValue();
            String shape = row.getKey();
            double dslc = m.get("dslcFused");
            if (SMALL.contains(shape)) {
                target(shape + ": >= 1.5x faster than loops", m.get("loops") / dslc, 1.5);
            } else {
                target(shape + ": at least as fast as tuned loops", m.get("loopsTuned") / dslc, 1.0);
            }
            if (shape.equals("4-16-3") || shape.equals("64-32-10")) {
                target(shape + ": >= 50x faster than the tape (micrograd as written)", m.get("tape") / dslc, 50);
                target(shape + ": (>= 50x faster than the tuned tape)", m.get("tapeTuned") / dslc, 50);
            }
        }
        Map<String, Double> mnist = medians.get("784-128-10");
        target("784-128-10 batch 32: >= 2.5x the loops' GFLOP/s",
                mnist.get("loops") / (mnist.get("dslcBatch") / TrainingStep.EXAMPLES), 2.5);
    }

    private static void target(String what, double ratio, double required) {
        System.out.printf("- %s: %.2fx, %s%n", what, ratio, ratio >= required ? "met" : "NOT met");
    }

    private static String ns(Double value) {
        if (value == null) {
            return "-";
        }
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }

    private static String ratio(Double baseline, double dslc) {
        return baseline == null ? "-" : String.format("%.2fx", baseline / dslc);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
