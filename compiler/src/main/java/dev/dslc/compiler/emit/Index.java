package dev.dslc.compiler.emit;

/**
 * A flat element index in generated code: a constant, or a loop expression
 * such as {@code i * 8 + l} plus a constant.
 */
record Index(String variable, int constant) {

    static Index of(int constant) {
        return new Index(null, constant);
    }

    static Index of(String variable) {
        return new Index(variable, 0);
    }

    boolean isConstant() {
        return variable == null;
    }

    Index plus(int offset) {
        return new Index(variable, constant + offset);
    }

    /** {@code row * stride + column}, folding constants. */
    static Index affine(Index row, int stride, Index column) {
        if (row.isConstant() && column.isConstant()) {
            return of(row.constant * stride + column.constant);
        }
        String rowPart = row.isConstant() ? null : (stride == 1 ? row.variable : row.variable + " * " + stride);
        String variable = rowPart == null ? column.variable
                : column.variable == null ? rowPart : rowPart + " + " + column.variable;
        return new Index(variable, row.constant * stride + column.constant);
    }

    /** The expression, offset by {@code base} (a constant's name or null). */
    String render(String base) {
        StringBuilder text = new StringBuilder();
        if (base != null) {
            text.append(base);
        }
        if (variable != null) {
            text.append(text.length() > 0 ? " + " : "").append(variable);
        }
        if (constant != 0 || text.length() == 0) {
            text.append(text.length() > 0 ? " + " : "").append(constant);
        }
        return text.toString();
    }
}
