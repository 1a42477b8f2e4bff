package dev.dslc.runtime;

import java.io.IOException;

/**
 * A parameter file that cannot be loaded: not a parameter file, a version
 * this runtime does not read, truncated, corrupt, or made for a different
 * model layout. The message says which and names the file. A
 * {@link WeightFileException} says the same of a {@code .safetensors} or
 * {@code .npz} file, problem by problem. When it is thrown,
 * the model's parameters are unchanged.
 *
 * <pre>{@code
 * try {
 *     ParameterFile.load(model, Path.of("xor.params"));
 * } catch (ParameterFileException e) {
 *     System.err.println(e.getMessage());   // e.g. "xor.params: truncated: ..."
 * }
 * }</pre>
 */
public sealed class ParameterFileException extends IOException permits WeightFileException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, starting with the file's path */
    public ParameterFileException(String message) {
        super(message);
    }
}
