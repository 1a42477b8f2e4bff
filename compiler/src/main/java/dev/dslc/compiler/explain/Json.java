package dev.dslc.compiler.explain;

/**
 * Just enough JSON writing for the explain page's data: strings, finite and
 * non-finite numbers (written as the strings {@code "NaN"}, {@code "Infinity"},
 * which the page turns back into numbers), and the brackets around them.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    Json open(char bracket) {
        separate();
        out.append(bracket);
        needsComma = false;
        return this;
    }

    Json close(char bracket) {
        out.append(bracket);
        needsComma = true;
        return this;
    }

    /** An object member's name; its value follows. */
    Json name(String name) {
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    Json string(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        needsComma = true;
        return this;
    }

    Json number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return string(Double.toString(value));
        }
        separate();
        // Double.toString reads back as exactly this double in JavaScript too.
        String text = Double.toString(value);
        out.append(text.endsWith(".0") ? text.substring(0, text.length() - 2) : text);
        needsComma = true;
        return this;
    }

    Json bool(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void quote(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                // Escaped < and > keep "</script>" in a name from ending the page's script.
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
