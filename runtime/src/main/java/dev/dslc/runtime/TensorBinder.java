package dev.dslc.runtime;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a weight file's tensors to a model's parameters while a reader walks
 * the file, and stages their values in an array of its own. The readers of
 * both formats report to it; it collects every problem, and only when there
 * is none does {@link #copyInto} touch the model, so a file that is only
 * partly valid changes nothing.
 */
final class TensorBinder {
    /** Lists longer than this (a checkpoint with thousands of extra tensors) are cut short. */
    private static final int MAX_LISTED = 20;
    private static final String SUPPORTED = "F64, F32, F16 and BF16";

    private final Path file;
    private final List<Parameter> layout;
    private final WeightOptions options;
    private final Map<String, Parameter> byFileName = new HashMap<>();
    private final double[] staged;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> found = new HashSet<>();
    private final Set<String> nonFiniteReported = new HashSet<>();
    private final List<String> extras = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    TensorBinder(Path file, Model model, WeightOptions options) {
        this.file = file;
        this.layout = model.parameterLayout();
        this.options = options;
        this.staged = model.parameters().clone();
        for (Parameter parameter : layout) {
            byFileName.put(options.fileName(parameter.name()), parameter);
        }
    }

    /** A problem that makes the whole file unreadable, for the reader to throw at once. */
    WeightFileException fatal(String problem) {
        return new WeightFileException(file, List.of(problem));
    }

    /** A problem with one tensor that does not stop the reader from looking at the others. */
    void problem(String problem) {
        problems.add(problem);
    }

    /**
     * The parameter the tensor {@code name} holds, or null if the model has
     * none of that name (an extra tensor) or the name was seen before (a
     * problem).
     */
    Parameter target(String name) {
        if (!seen.add(name)) {
            problems.add("duplicate tensor name " + JsonHeader.quote(name));
            return null;
        }
        Parameter parameter = byFileName.get(name);
        if (parameter == null) {
            extras.add(name);
            return null;
        }
        found.add(parameter.name());
        return parameter;
    }

    /**
     * Whether a tensor of this dtype and shape can fill {@code parameter};
     * records why not.
     *
     * @param dtype null when dslc does not read {@code dtypeName}
     */
    boolean accepts(Parameter parameter, String dtypeName, TensorDtype dtype, long[] shape) {
        boolean accepted = true;
        if (dtype == null) {
            problems.add(label(parameter) + ": unsupported dtype " + dtypeName + "; dslc reads " + SUPPORTED);
            accepted = false;
        }
        long[] expected = Arrays.stream(parameter.shape()).asLongStream().toArray();
        if (!Arrays.equals(expected, shape)) {
            boolean transposed = shape.length == 2 && expected.length == 2 && shape[0] == expected[1]
                    && shape[1] == expected[0];
            problems.add(label(parameter) + ": shape mismatch: expected " + shapeText(expected) + ", got "
                    + shapeText(shape) + (transposed ? " (the transpose)" : ""));
            accepted = false;
        }
        return accepted;
    }

    /**
     * Stages the elements in {@code data} (little-endian, read to its limit),
     * the first being element {@code first} of the tensor in the file's order:
     * row-major, or column-major for a Fortran-ordered NumPy array.
     */
    void stage(Parameter parameter, TensorDtype dtype, ByteBuffer data, long first, boolean columnMajor) {
        int[] shape = parameter.shape();
        boolean transpose = columnMajor && shape.length == 2;
        for (long element = first; data.remaining() >= dtype.size(); element++) {
            double value = dtype.read(data);
            int index = (int) (transpose ? (element % shape[0]) * shape[1] + element / shape[0] : element);
            if (!Double.isFinite(value) && !options.nonFiniteAllowed() && nonFiniteReported.add(parameter.name())) {
                problems.add(label(parameter) + ": " + (Double.isNaN(value) ? "NaN" : value > 0 ? "+inf" : "-inf")
                        + " at " + Arrays.toString(ParameterLocation.of(List.of(parameter), parameter.offset()
                        + index).position()) + " (--allow-nonfinite, or WeightOptions.allowingNonFinite(), accepts it)");
            }
            staged[parameter.offset() + index] = value;
        }
    }

    /**
     * Copies the staged values into the model, or throws listing every
     * problem: those recorded, parameters with no tensor, and extra tensors
     * unless they are allowed.
     */
    void copyInto(Model model) throws WeightFileException {
        List<String> all = new ArrayList<>(problems);
        List<String> missing = layout.stream().filter(parameter -> !found.contains(parameter.name()))
                .map(this::missingName).toList();
        if (!missing.isEmpty()) {
            all.add("missing tensor" + (missing.size() > 1 ? "s " : " ") + listed(missing)
                    + (extras.isEmpty() ? "" : "; map the file's names to the model's with --rename FILE_NAME=PARAMETER"
                    + " (WeightOptions.renaming in Java)"));
        }
        if (!extras.isEmpty() && !options.extraAllowed()) {
            all.add("extra tensor" + (extras.size() > 1 ? "s" : "") + " the model has no parameter for: "
                    + listed(extras) + " (--allow-extra, or WeightOptions.allowingExtra(), ignores them)");
        }
        if (!all.isEmpty()) {
            throw new WeightFileException(file, all.size() > MAX_LISTED
                    ? concat(all.subList(0, MAX_LISTED), "and " + (all.size() - MAX_LISTED) + " more problems")
                    : all);
        }
        System.arraycopy(staged, 0, model.parameters(), 0, staged.length);
    }

    /** {@code [2, 3]}, or {@code [] (a scalar)}. */
    static String shapeText(long[] shape) {
        return Arrays.toString(shape) + (shape.length == 0 ? " (a scalar)" : "");
    }

    private String label(Parameter parameter) {
        String fileName = options.fileName(parameter.name());
        return "tensor " + fileName + (fileName.equals(parameter.name()) ? "" : " (parameter " + parameter.name() + ")");
    }

    private String missingName(Parameter parameter) {
        String fileName = options.fileName(parameter.name());
        return fileName.equals(parameter.name()) ? fileName : fileName + " (for parameter " + parameter.name() + ")";
    }

    private static String listed(List<String> names) {
        return names.size() <= MAX_LISTED ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_LISTED)) + " and " + (names.size() - MAX_LISTED) + " more";
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }
}
