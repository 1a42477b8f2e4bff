package dev.dslc.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * How the columns of a CSV file map to a model: {@code columns} in all, the
 * inputs first, then either nothing, the targets, or one class index.
 */
record CsvLayout(int columns, boolean classIndex, String description) {

    /** The layouts a file may have, in the order an error message lists them. */
    record Choices(List<CsvLayout> layouts) {

        /** The layout with {@code columns} columns, or null. */
        CsvLayout select(int columns) {
            return layouts.stream().filter(layout -> layout.columns() == columns).findFirst().orElse(null);
        }

        /** {@code expected 7 columns (4 inputs, then 3 targets) or 5 (4 inputs, then a class index), found 6}. */
        String describe(int found) {
            StringBuilder message = new StringBuilder("expected ");
            for (int i = 0; i < layouts.size(); i++) {
                CsvLayout layout = layouts.get(i);
                message.append(i == 0 ? count(layout.columns(), "column") : " or " + layout.columns())
                        .append(" (").append(layout.description()).append(')');
            }
            return message.append(", found ").append(found).toString();
        }
    }

    /** Inputs then targets; with several targets, inputs then a class index as well. */
    static Choices forTraining(int inputSize, int targetSize) {
        List<CsvLayout> layouts = new ArrayList<>();
        layouts.add(withTargets(inputSize, targetSize));
        if (targetSize > 1) {
            layouts.add(withClassIndex(inputSize));
        }
        return new Choices(layouts);
    }

    /** The training layouts, or the inputs alone. */
    static Choices forInputs(int inputSize, int targetSize) {
        List<CsvLayout> layouts = new ArrayList<>();
        layouts.add(new CsvLayout(inputSize, false, "the inputs"));
        if (targetSize > 0) {
            layouts.addAll(forTraining(inputSize, targetSize).layouts());
        }
        return new Choices(layouts);
    }

    private static CsvLayout withTargets(int inputSize, int targetSize) {
        String inputs = count(inputSize, "input");
        return new CsvLayout(inputSize + targetSize, false,
                targetSize == 0 ? inputs : inputs + ", then " + count(targetSize, "target"));
    }

    private static CsvLayout withClassIndex(int inputSize) {
        return new CsvLayout(inputSize + 1, true, count(inputSize, "input") + ", then a class index");
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
