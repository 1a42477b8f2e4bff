package dev.dslc.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for safetensors headers, and the string escaping its
 * writer needs: objects become {@link LinkedHashMap}s in file order, arrays
 * {@link List}s, strings {@link String}s, integers that fit a {@link Long} {@link Long}s,
 * other numbers {@link Double}s, {@code true}/{@code false} {@link Boolean}s and
 * {@code null} {@link #NULL}. A key that appears twice in one object is an
 * error, since which of the two a reader should take is anyone's guess.
 * Nesting is limited so that no input can overflow the stack.
 */
final class JsonHeader {
    /** JSON's null, since the maps cannot hold Java's. */
    static final Object NULL = new Object();
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    /** Why a header is not JSON, with the character offset. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String duplicateName;

        SyntaxError(String message, String duplicateName) {
            super(message);
            this.duplicateName = duplicateName;
        }

        /** The key an object has twice, or null when that is not the error. */
        String duplicateName() {
            return duplicateName;
        }
    }

    private JsonHeader(String text) {
        this.text = text;
    }

    /** The value {@code text} holds, which must be all of it but white space. */
    static Object parse(String text) throws SyntaxError {
        JsonHeader reader = new JsonHeader(text);
        Object value = reader.value(0);
        reader.skipWhiteSpace();
        if (reader.at < text.length()) {
            throw reader.error("unexpected " + reader.describeNext() + " after the end of the JSON value");
        }
        return value;
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        skipWhiteSpace();
        if (at >= text.length()) {
            throw error("unexpected end of the header");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeNext());
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        at++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhiteSpace();
        if (peek() == '}') {
            at++;
            return members;
        }
        while (true) {
            skipWhiteSpace();
            if (peek() != '"') {
                throw error("expected a string key, found " + describeNext());
            }
            String key = string();
            expect(':');
            Object value = value(depth + 1);
            if (members.putIfAbsent(key, value) != null) {
                throw new SyntaxError("duplicate name " + quote(key), key);
            }
            skipWhiteSpace();
            if (peek() == '}') {
                at++;
                return members;
            }
            expect(',');
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        at++;
        List<Object> elements = new ArrayList<>();
        skipWhiteSpace();
        if (peek() == ']') {
            at++;
            return elements;
        }
        while (true) {
            elements.add(value(depth + 1));
            skipWhiteSpace();
            if (peek() == ']') {
                at++;
                return elements;
            }
            expect(',');
        }
    }

    private String string() throws SyntaxError {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            out.append(c == '\\' ? escape() : c);
        }
    }

    private char escape() throws SyntaxError {
        char c = at < text.length() ? text.charAt(at++) : '\0';
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (at + 4 > text.length() || !text.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                    throw error("\\u needs four hexadecimal digits");
                }
                at += 4;
                yield (char) Integer.parseInt(text.substring(at - 4, at), 16);
            }
            default -> throw error("invalid escape in a string");
        };
    }

    private Object number() throws SyntaxError {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("a number needs digits");
        }
        boolean integer = true;
        if (peek() == '.') {
            at++;
            integer = false;
            if (!digits()) {
                throw error("a number needs digits after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw error("a number needs digits in its exponent");
            }
        }
        String literal = text.substring(start, at);
        if (integer) {
            try {
                return Long.valueOf(literal);
            } catch (NumberFormatException e) {
                // beyond a long: kept as a double, which no reader of the header takes for a size
            }
        }
        return Double.valueOf(literal);
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Object literal(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, at)) {
            throw error("unexpected " + describeNext());
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxError {
        skipWhiteSpace();
        if (peek() != c) {
            throw error("expected '" + c + "', found " + describeNext());
        }
        at++;
    }

    private void skipWhiteSpace() {
        while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private String describeNext() {
        if (at >= text.length()) {
            return "the end of the header";
        }
        char c = text.charAt(at);
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message + " at character " + at, null);
    }
}
