package dev.dslc.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@code .safetensors} or {@code .npz} file that cannot be loaded into a
 * model, or parameters that cannot be saved in the precision asked for. It
 * lists every problem found (a missing or extra tensor, a shape mismatch, an
 * unsupported dtype, a NaN, a truncated or inconsistent file), each without
 * the file name, so that a command line tool can print
 * {@code file: error: problem} per line. When it is thrown by a load, the
 * model's parameters are unchanged.
 *
 * <pre>{@code
 * try {
 *     WeightFile.load(model, Path.of("mnist.safetensors"));
 * } catch (WeightFileException e) {
 *     e.problems().forEach(p -> System.err.println(e.file() + ": error: " + p));
 *     // mnist.safetensors: error: tensor W1: shape mismatch: expected [128, 784], got [784, 128] (the transpose)
 * }
 * }</pre>
 */
public final class WeightFileException extends ParameterFileException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    /** What is wrong, one entry per problem, in the order found. */
    private final List<String> problems;

    /**
     * A refusal of {@code file} for the given problems.
     *
     * @param file     the file as it was given
     * @param problems what is wrong, at least one, without the file name
     */
    public WeightFileException(Path file, List<String> problems) {
        super(file + ": " + String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a WeightFileException needs at least one problem");
        }
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** {@return the file as it was given to {@link WeightFile}} */
    public Path file() {
        return file;
    }

    /** {@return what is wrong, one entry per problem, in the order found, without the file name} */
    public List<String> problems() {
        return problems;
    }
}
