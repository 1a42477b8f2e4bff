package dev.dslc.benchmarks;

import dev.dslc.compiler.Compilation;
import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.GeneratedClass;
import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long dslc takes to compile dense models of 10 thousand to 1 million
 * parameters, from a fresh JVM: each compile runs in a new process, and what
 * is timed is reading the .nn file, compiling it and writing the .java file,
 * from the start of {@code main}: the wall time after JVM start-up, with
 * the JIT still cold, as a {@code dslc} command sees it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.dslc.benchmarks.CompileTime
 * </pre>
 */
public final class CompileTime {
    /** Hidden widths giving about 10k, 30k, 100k, 300k and 1M parameters with 784 inputs and 10 outputs. */
    private static final int[] HIDDEN = {12, 37, 126, 378, 1262};
    private static final int RUNS = 3;

    private CompileTime() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 2 && args[0].equals("--once")) {
            once(Path.of(args[1]));
            return;
        }
        Path directory = Files.createTempDirectory("dslc-compile-time");
        System.out.println("| parameters | source | generated | wall time after JVM start-up (median of " + RUNS + ") |");
        System.out.println("|---:|---:|---:|---:|");
        for (int hidden : HIDDEN) {
            String source = source(784, hidden, 10);
            Path file = directory.resolve("dense" + hidden + ".nn");
            Files.writeString(file, source);
            List<Long> millis = new ArrayList<>();
            String generated = "";
            for (int run = 0; run < RUNS; run++) {
                String[] result = child(file).split(" ");
                millis.add(Long.parseLong(result[0]));
                generated = result[1];
            }
            Collections.sort(millis);
            long parameters = 784L * hidden + hidden + hidden * 10L + 10;
            System.out.printf("| %,d | %,d B | %s B | %,d ms |%n", parameters, source.length(),
                    String.format("%,d", Long.parseLong(generated)), millis.get(RUNS / 2));
        }
    }

    /** Runs {@code --once} in a new JVM and returns what it prints: milliseconds and generated characters. */
    private static String child(Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CompileTime.class.getName(), "--once", file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("compiling " + file + " failed: " + output);
        }
        return output;
    }

    /** Reads, compiles and writes one model, and prints the milliseconds that took. */
    private static void once(Path file) throws IOException {
        long start = System.nanoTime();
        Compilation compilation = Compiler.compile(new SourceFile(file.getFileName().toString(), Files.readString(file)), "");
        GeneratedClass generated = compilation.generated().orElseThrow(
                () -> new IllegalStateException(compilation.diagnostics().toString()));
        Files.writeString(file.resolveSibling(generated.relativePath()), generated.source());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println(millis + " " + generated.source().length());
    }

    /** A 784-hidden-10 ReLU network with a softmax cross-entropy loss. */
    static String source(int inputs, int hidden, int classes) {
        return "input x[" + inputs + "]\n"
                + "target y[" + classes + "]\n"
                + "param W1[" + hidden + ", " + inputs + "] ~ he\n"
                + "param b1[" + hidden + "]\n"
                + "param W2[" + classes + ", " + hidden + "] ~ xavier\n"
                + "param b2[" + classes + "]\n"
                + "h = relu(W1 @ x + b1)\n"
                + "z = W2 @ h + b2\n"
                + "output softmax(z)\n"
                + "loss softmax_cross_entropy(z, y)\n";
    }
}
