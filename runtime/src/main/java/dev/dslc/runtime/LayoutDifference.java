package dev.dslc.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Says how a parameter file's layout differs from a model's, in terms a user can act on. */
final class LayoutDifference {

    private LayoutDifference() {
    }

    /** The first difference, or empty when the layouts and parameter counts agree. */
    static Optional<String> between(List<Parameter> file, int fileCount, List<Parameter> model, int modelCount) {
        for (int i = 0; i < Math.max(file.size(), model.size()); i++) {
            if (i >= file.size()) {
                return Optional.of("the model's parameter " + model.get(i) + " is not in the file");
            }
            if (i >= model.size()) {
                return Optional.of("the file's parameter " + file.get(i) + " is not in the model");
            }
            // a file does not record trainability: a value saved for a param loads into a const of that name
            if (!file.get(i).samePlace(model.get(i))) {
                return Optional.of(entry(i, file.get(i), model.get(i)));
            }
        }
        if (fileCount != modelCount) {
            return Optional.of("the file has " + fileCount + " parameter values, the model " + modelCount);
        }
        return Optional.empty();
    }

    private static String entry(int index, Parameter file, Parameter model) {
        String what = !file.name().equals(model.name()) ? "name"
                : !Arrays.equals(file.shape(), model.shape()) ? "shape"
                : "offset";
        return "parameter " + (index + 1) + " differs in " + what + ": " + file + " in the file, "
                + model + " in the model (name[shape]@offset)";
    }
}
