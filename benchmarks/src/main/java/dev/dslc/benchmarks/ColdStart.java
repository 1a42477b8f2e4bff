package dev.dslc.benchmarks;

import dev.dslc.runtime.Model;
import dev.dslc.runtime.Sgd;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cold start: the wall time of the first training steps in a fresh JVM, the
 * generated class's fused step against the tuned hand-written loops (issue 13).
 * Each measurement is a new JVM that builds the data and the model (not
 * timed), then times its first {@code steps} steps, the JIT starting from
 * nothing, as a {@code dslc train} run or a user's first epoch does. Rounds
 * alternate which implementation starts first, so that both see the same
 * load on a shared machine, and the ratio is taken round by round.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.dslc.benchmarks.ColdStart               # 10 rounds, about 3 minutes
 * java -cp benchmarks/target/benchmarks.jar dev.dslc.benchmarks.ColdStart --rounds 4 --shapes 64-32-10
 * </pre>
 *
 * <p>For experiments, {@code --variant SHAPE=CLASS} adds another implementation
 * of a shape's {@link Model} (a class with a {@code (long seed)} constructor,
 * for instance a hand-edited copy of the generated one, on {@code --cp DIR}),
 * and {@code --jvm FLAG} passes a flag to every measured JVM.
 */
public final class ColdStart {
    /** The step counts: a few seconds of training, where most short runs end. */
    private static final Map<String, Integer> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("64-32-10-tanh", 200_000);
        STEPS.put("64-32-10", 200_000);
        STEPS.put("784-16-16-10", 20_000);
    }

    private static final String DSLC = "dslc";
    private static final String LOOPS = "loops";
    /** Checkpoints per run: the curve shows when each implementation reaches its steady speed. */
    private static final int TENTHS = 10;

    private ColdStart() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length >= 1 && args[0].equals("--child")) {
            child(args[1], Shape.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Options options = Options.parse(args);
        String startLoad = RatioTable.loadAverage();
        long start = System.nanoTime();
        Map<String, Map<String, List<long[]>>> runs = new LinkedHashMap<>();
        for (String shape : options.shapes) {
            List<String> implementations = new ArrayList<>(List.of(DSLC, LOOPS));
            for (Map.Entry<String, String> variant : options.variants) {
                if (variant.getKey().equals(shape)) {
                    implementations.add(variant.getValue());
                }
            }
            Map<String, List<long[]>> byImplementation = new LinkedHashMap<>();
            implementations.forEach(i -> byImplementation.put(i, new ArrayList<>()));
            for (int round = 0; round < options.rounds; round++) {
                List<String> order = new ArrayList<>(implementations);
                java.util.Collections.rotate(order, round);
                for (String implementation : order) {
                    byImplementation.get(implementation).add(measure(options, implementation, shape));
                }
            }
            runs.put(shape, byImplementation);
            System.err.printf("%s done after %.1f minutes, load %s%n", shape, (System.nanoTime() - start) / 60e9,
                    RatioTable.loadAverage());
        }
        print(runs, startLoad, (System.nanoTime() - start) / 60e9, options);
    }

    /** Runs one fresh JVM and returns its cumulative nanoseconds at each tenth of the steps. */
    private static long[] measure(Options options, String implementation, String shape)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms1g", "-Xmx1g"));
        command.addAll(options.jvmFlags);
        String classPath = System.getProperty("java.class.path");
        command.addAll(List.of("-cp", options.extraClassPath == null ? classPath
                : options.extraClassPath + java.io.File.pathSeparator + classPath));
        command.addAll(List.of(ColdStart.class.getName(), "--child", implementation, shape,
                String.valueOf(options.steps(shape))));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(implementation + " at " + shape + " failed: " + output);
        }
        // Diagnostic flags (-XX:+PrintCompilation) print before the result, which is the last line.
        String[] lines = output.split("\n");
        if (lines.length > 1) {
            System.out.println(String.join("\n", Arrays.copyOf(lines, lines.length - 1)));
        }
        return Arrays.stream(lines[lines.length - 1].trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /**
     * The measured JVM: the same 32 examples, parameters and learning rate as
     * {@link TrainingStep}; prints the cumulative wall time at each tenth of
     * the steps, then the process's CPU time (every thread, the JIT's included)
     * at each tenth, in nanoseconds.
     */
    private static void child(String implementation, Shape shape, int steps) {
        Samples samples = new Samples(shape, TrainingStep.EXAMPLES, TrainingStep.SEED);
        Model model = implementation.equals(DSLC) || implementation.equals(LOOPS) ? shape.newModel(TrainingStep.SEED)
                : Shape.newModel(implementation, TrainingStep.SEED);
        Step step;
        if (implementation.equals(LOOPS)) {
            TunedLoopsMlp mlp = new TunedLoopsMlp(shape, model.parameters());
            step = (x, y) -> mlp.step(x, y, TrainingStep.LEARNING_RATE);
        } else {
            Sgd sgd = new Sgd(TrainingStep.LEARNING_RATE);
            step = (x, y) -> sgd.step(model, x, y);
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] at = new long[2 * TENTHS];
        double sum = 0.0;
        int k = 0;
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int tenth = 0; tenth < TENTHS; tenth++) {
            for (int s = 0; s < steps / TENTHS; s++) {
                sum += step.step(samples.inputs[k], samples.targets[k]);
                k = k + 1 == TrainingStep.EXAMPLES ? 0 : k + 1;
            }
            at[tenth] = System.nanoTime() - start;
            at[TENTHS + tenth] = os.getProcessCpuTime() - cpuStart;
        }
        if (!Double.isFinite(sum)) {
            throw new IllegalStateException("the loss diverged: " + sum);
        }
        System.out.println(Arrays.stream(at).mapToObj(Long::toString).collect(Collectors.joining(" ")));
    }

    /** One training step; one implementation per JVM, so the call is monomorphic. */
    @FunctionalInterface
    private interface Step {
        double step(double[] input, double[] target);
    }

    private static void print(Map<String, Map<String, List<long[]>>> runs, String startLoad, double minutes,
            Options options) {
        System.out.printf("dslc cold-start benchmark, %s; JDK %s, %d cores; %d rounds; load average %s at the start, "
                        + "%s at the end; %.1f minutes%s%n%n", LocalDate.now(), System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), options.rounds, startLoad, RatioTable.loadAverage(),
                minutes,
                options.jvmFlags.isEmpty() ? "" : "; JVM flags " + options.jvmFlags);
        System.out.println("Wall time of the first steps in a fresh JVM and the CPU time of all its threads (the");
        System.out.println("JIT's included) meanwhile; medians over the rounds, and of each round's ratio to the loops:");
        System.out.println();
        System.out.println("| shape | steps | implementation | wall ms | range | / loops | CPU ms | / loops "
                + "| wall ns per step in each tenth (median) |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---|");
        for (Map.Entry<String, Map<String, List<long[]>>> shape : runs.entrySet()) {
            List<long[]> loops = shape.getValue().get(LOOPS);
            int steps = options.steps(shape.getKey());
            for (Map.Entry<String, List<long[]>> implementation : shape.getValue().entrySet()) {
                List<long[]> times = implementation.getValue();
                double[] walls = column(times, TENTHS - 1, 1e6);
                double[] cpus = column(times, 2 * TENTHS - 1, 1e6);
                double[] wallRatios = new double[times.size()];
                double[] cpuRatios = new double[times.size()];
                for (int r = 0; r < times.size(); r++) {
                    wallRatios[r] = (double) times.get(r)[TENTHS - 1] / loops.get(r)[TENTHS - 1];
                    cpuRatios[r] = (double) times.get(r)[2 * TENTHS - 1] / loops.get(r)[2 * TENTHS - 1];
                }
                StringBuilder curve = new StringBuilder();
                for (int tenth = 0; tenth < TENTHS; tenth++) {
                    int t = tenth;
                    double[] perStep = times.stream()
                            .mapToDouble(x -> (x[t] - (t == 0 ? 0 : x[t - 1])) / (steps / (double) TENTHS)).toArray();
                    curve.append(tenth == 0 ? "" : " ").append(String.format("%,.0f", median(perStep)));
                }
                Arrays.sort(walls);
                System.out.printf("| %s | %,d | %s | %,.0f | %,.0f to %,.0f | %.2fx | %,.0f | %.2fx | %s |%n",
                        shape.getKey(), steps, implementation.getKey(), median(walls), walls[0],
                        walls[walls.length - 1], median(wallRatios), median(cpus), median(cpuRatios), curve);
            }
        }
    }

    private static double[] column(List<long[]> times, int index, double unit) {
        return times.stream().mapToDouble(t -> t[index] / unit).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The command line: {@code --rounds N --shapes A,B --steps N --variant SHAPE=CLASS --cp DIR --jvm FLAG}. */
    private record Options(int rounds, List<String> shapes, int steps, List<Map.Entry<String, String>> variants,
            String extraClassPath, List<String> jvmFlags) {

        /** The count for the shape, unless {@code --steps} (for a steady-state figure from the curve). */
        int steps(String shape) {
            return steps > 0 ? steps : STEPS.get(shape);
        }

        static Options parse(String[] args) {
            int rounds = 10;
            int steps = 0;
            List<String> shapes = new ArrayList<>(STEPS.keySet());
            List<Map.Entry<String, String>> variants = new ArrayList<>();
            String extraClassPath = null;
            List<String> jvmFlags = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i++]) {
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--shapes" -> shapes = List.of(value.split(","));
                    case "--steps" -> steps = Integer.parseInt(value);
                    case "--variant" -> variants.add(Map.entry(value.substring(0, value.indexOf('=')),
                            value.substring(value.indexOf('=') + 1)));
                    case "--cp" -> extraClassPath = value;
                    case "--jvm" -> jvmFlags.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
                            + "; use --rounds N, --shapes A,B, --steps N, --variant SHAPE=CLASS, --cp DIR, --jvm FLAG");
                }
            }
            for (String shape : shapes) {
                if (!STEPS.containsKey(shape)) {
                    throw new IllegalArgumentException("no cold-start shape " + shape + "; the shapes are "
                            + STEPS.keySet());
                }
            }
            return new Options(rounds, List.copyOf(shapes), steps, List.copyOf(variants), extraClassPath,
                    List.copyOf(jvmFlags));
        }
    }
}
