package dev.dslc.compiler.ir;

import com.palantir.javapoet.CodeBlock;

/** Java source for double constants. */
public final class Literals {

    private Literals() {
    }

    /** A literal that reads back as exactly {@code value}: {@code 0.5}, {@code (-2.0)}, {@code Double.NaN}. */
    public static CodeBlock of(double value) {
        if (Double.isNaN(value)) {
            return CodeBlock.of("$T.NaN", Double.class);
        }
        if (Double.isInfinite(value)) {
            return CodeBlock.of(value > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
        }
        String text = Double.toString(value);
        // Parenthesised so that `a - (-2.0)` never reads as `a --2.0`.
        return CodeBlock.of(value < 0 || (value == 0 && 1 / value < 0) ? "($L)" : "$L", text);
    }
}
