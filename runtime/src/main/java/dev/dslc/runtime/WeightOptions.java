package dev.dslc.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link WeightFile} maps a {@code .safetensors} or {@code .npz} file's
 * tensors to a model's parameters, what it tolerates when loading, and the
 * precision it writes.
 *
 * <pre>{@code
 * WeightOptions pytorch = WeightOptions.defaults()
 *         .renaming(Map.of("fc1.weight", "W1", "fc1.bias", "b1", "fc2.weight", "W2", "fc2.bias", "b2"));
 * WeightFile.load(model, Path.of("mlp.safetensors"), pytorch);              // reads fc1.weight into W1
 * WeightFile.save(model, Path.of("mlp.npz"), pytorch.withPrecision(WeightOptions.Precision.F32));
 * }</pre>
 *
 * @param renames          the file's name for a tensor, mapped to the model parameter it holds (file name to
 *                         parameter name, as {@code --rename fc1.weight=W1}); a parameter not mapped is stored
 *                         under its own name. Saving writes each mapped parameter under the file's name.
 * @param extraAllowed     whether a load ignores tensors the model has no parameter for, instead of refusing
 *                         the file
 * @param nonFiniteAllowed whether a load accepts NaN and infinite values, instead of refusing the file
 * @param precision        what a save writes: F64 keeps every bit; F32 rounds each value to the nearest float
 */
public record WeightOptions(Map<String, String> renames, boolean extraAllowed, boolean nonFiniteAllowed,
                            Precision precision) {

    /** The floating-point type of the values a save writes. */
    public enum Precision {
        /** IEEE 754 double, 8 bytes: exact. */
        F64,
        /** IEEE 754 single, 4 bytes: each value rounded to the nearest float. */
        F32
    }

    private static final WeightOptions DEFAULTS = new WeightOptions(Map.of(), false, false, Precision.F64);

    /**
     * Copies the renames and checks them.
     *
     * @param renames          the file's name for a tensor, mapped to the parameter it holds
     * @param extraAllowed     whether a load ignores tensors the model has no parameter for
     * @param nonFiniteAllowed whether a load accepts NaN and infinite values
     * @param precision        what a save writes
     * @throws IllegalArgumentException if two file names are mapped to the same parameter
     */
    public WeightOptions {
        renames = Map.copyOf(renames);
        Objects.requireNonNull(precision, "precision");
        Map<String, String> fileNameOf = new HashMap<>();
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            String earlier = fileNameOf.put(rename.getValue(), rename.getKey());
            if (earlier != null) {
                throw new IllegalArgumentException("two names are mapped to parameter " + rename.getValue()
                        + ": " + earlier + " and " + rename.getKey());
            }
        }
    }

    /** {@return no renames, nothing extra or non-finite allowed, F64} */
    public static WeightOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return these options with {@code fileToParameter} as the renames (replacing any before)}
     *
     * @param fileToParameter the file's name for a tensor, mapped to the parameter it holds
     */
    public WeightOptions renaming(Map<String, String> fileToParameter) {
        return new WeightOptions(fileToParameter, extraAllowed, nonFiniteAllowed, precision);
    }

    /** {@return these options, ignoring tensors the model has no parameter for} */
    public WeightOptions allowingExtra() {
        return new WeightOptions(renames, true, nonFiniteAllowed, precision);
    }

    /** {@return these options, accepting NaN and infinite values} */
    public WeightOptions allowingNonFinite() {
        return new WeightOptions(renames, extraAllowed, true, precision);
    }

    /**
     * {@return these options, writing values as {@code precision}}
     *
     * @param precision the floating-point type written
     */
    public WeightOptions withPrecision(Precision precision) {
        return new WeightOptions(renames, extraAllowed, nonFiniteAllowed, precision);
    }

    /**
     * Checks that every rename names a parameter of {@code layout}.
     *
     * @param layout the model's parameters
     * @throws IllegalArgumentException naming the first rename that does not, and the parameters there are
     */
    public void checkRenames(List<Parameter> layout) {
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (layout.stream().noneMatch(parameter -> parameter.name().equals(rename.getValue()))) {
                throw new IllegalArgumentException("the rename " + rename.getKey() + "=" + rename.getValue()
                        + " names no parameter of the model (it has " + String.join(", ",
                        layout.stream().map(Parameter::name).toList()) + ")");
            }
        }
    }

    /** The name the file uses for {@code parameter}. */
    String fileName(String parameter) {
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (rename.getValue().equals(parameter)) {
                return rename.getKey();
            }
        }
        return parameter;
    }

    /** Whether these are the defaults, the only options the dslc parameter format takes. */
    boolean isDefault() {
        return renames.isEmpty() && !extraAllowed && !nonFiniteAllowed && precision == Precision.F64;
    }
}
