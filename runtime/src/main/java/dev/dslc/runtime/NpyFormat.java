package dev.dslc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One array in NumPy's {@code .npy} format (NEP 1): the magic
 * {@code \x93NUMPY}, a version, the header's length (2 bytes in version 1, 4
 * in versions 2 and 3), the header (a Python dict literal with {@code descr},
 * {@code fortran_order} and {@code shape}), then the elements.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final int MAX_DEPTH = 32;
    /** NumPy pads each header so that the data starts at a multiple of this. */
    private static final int ALIGNMENT = 64;

    /** What a header says; {@code descr} is the dtype as NumPy writes it ({@code '<f8'}). */
    record Header(String descr, boolean fortranOrder, long[] shape) {
    }

    /** Why bytes are not a .npy array. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private NpyFormat() {
    }

    /** The dtype of a little-endian float descr ({@code '<f8'}), or null if dslc does not read it. */
    static TensorDtype dtypeOf(String descr) {
        return switch (descr) {
            case "<f8" -> TensorDtype.F64;
            case "<f4" -> TensorDtype.F32;
            case "<f2" -> TensorDtype.F16;
            default -> null;
        };
    }

    /** Reads the header, leaving {@code in} at the first byte of the elements. */
    static Header readHeader(InputStream in) throws IOException, Malformed {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        if (start.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new Malformed("not a .npy array (no \\x93NUMPY magic)");
        }
        if (start.length < MAGIC.length + 2) {
            throw new Malformed("truncated .npy header");
        }
        int major = start[MAGIC.length];
        if (major < 1 || major > 3) {
            throw new Malformed(".npy format version " + major + "." + start[MAGIC.length + 1]
                    + " is not one dslc reads (1.0 to 3.0)");
        }
        byte[] length = in.readNBytes(major == 1 ? 2 : 4);
        if (length.length < (major == 1 ? 2 : 4)) {
            throw new Malformed("truncated .npy header");
        }
        long headerLength = major == 1 ? ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF
                : ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (headerLength > SafetensorsFormat.MAX_HEADER_BYTES) {
            throw new Malformed("the .npy header length, " + headerLength + " bytes, is over the 100 MB limit");
        }
        byte[] header = in.readNBytes((int) headerLength);
        if (header.length < headerLength) {
            throw new Malformed("truncated .npy header");
        }
        return header(new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    /** A version 1.0 array of {@code shape} holding {@code values[offset ..]} as {@code dtype}, row-major. */
    static byte[] encode(int[] shape, TensorDtype dtype, double[] values, int offset) {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
        String dict = "{'descr': '" + (dtype == TensorDtype.F32 ? "<f4" : "<f8") + "', 'fortran_order': False, "
                + "'shape': " + shapeText + ", }";
        int padding = ALIGNMENT - (MAGIC.length + 4 + dict.length() + 1) % ALIGNMENT;
        byte[] header = (dict + " ".repeat(padding % ALIGNMENT) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer bytes = ByteBuffer.allocate(MAGIC.length + 4 + header.length + elements * dtype.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        for (int i = 0; i < elements; i++) {
            dtype.write(bytes, values[offset + i]);
        }
        return bytes.array();
    }

    private static Header header(String text) throws Malformed {
        Object parsed = new DictLiteral(text).value(0);
        if (!(parsed instanceof Map<?, ?> dict) || !dict.keySet().equals(KEYS)) {
            throw new Malformed(".npy header is not a dict of descr, fortran_order and shape");
        }
        Object descr = dict.get("descr");
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw new Malformed(".npy header's fortran_order is not True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dimensions)
                || !dimensions.stream().allMatch(d -> d instanceof Long n && n >= 0)) {
            throw new Malformed(".npy header's shape is not a tuple of whole numbers");
        }
        long[] shape = dimensions.stream().mapToLong(d -> (Long) d).toArray();
        long elements = 1;
        for (long dimension : shape) {
            if (dimension != 0 && elements > Long.MAX_VALUE / 8 / dimension) {
                throw new Malformed(".npy shape " + Arrays.toString(shape) + " has too many elements");
            }
            elements *= dimension;
        }
        // A structured dtype is a list; it is named as written so that the error says what was found.
        return new Header(descr instanceof String s ? s : "a structured dtype", fortranOrder, shape);
    }

    /** The subset of Python literals that .npy headers use: dicts, strings, True/False, ints, tuples, lists. */
    private static final class DictLiteral {
        private final String text;
        private int at;

        DictLiteral(String text) {
            this.text = text;
        }

        Object value(int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw new Malformed(".npy header is nested too deeply");
            }
            skipSpace();
            char c = at < text.length() ? text.charAt(at) : '\0';
            if (c == '{') {
                return dict(depth);
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']', depth);
            }
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (text.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 19) {
                at++;
            }
            if (at == start) {
                throw new Malformed(".npy header is not a Python literal (at character " + at + ")");
            }
            long number = Long.parseLong(text.substring(start, at));
            if (at < text.length() && text.charAt(at) == 'L') {
                at++; // written by Python 2
            }
            return number;
        }

        private Map<Object, Object> dict(int depth) throws Malformed {
            at++;
            Map<Object, Object> dict = new LinkedHashMap<>();
            while (!closes('}')) {
                Object key = value(depth + 1);
                expect(':');
                if (dict.put(key, value(depth + 1)) != null) {
                    throw new Malformed(".npy header has the key " + key + " twice");
                }
                separator('}');
            }
            return dict;
        }

        private List<Object> sequence(char close, int depth) throws Malformed {
            at++;
            List<Object> elements = new ArrayList<>();
            while (!closes(close)) {
                elements.add(value(depth + 1));
                separator(close);
            }
            return elements;
        }

        private String string(char quote) throws Malformed {
            StringBuilder out = new StringBuilder();
            for (at++; at < text.length() && text.charAt(at) != quote; at++) {
                if (text.charAt(at) == '\\') {
                    at++;
                }
                if (at < text.length()) {
                    out.append(text.charAt(at));
                }
            }
            if (at >= text.length()) {
                throw new Malformed(".npy header has an unterminated string");
            }
            at++;
            return out.toString();
        }

        private boolean closes(char close) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == close) {
                at++;
                return true;
            }
            return false;
        }

        private void separator(char close) throws Malformed {
            skipSpace();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
            } else if (at >= text.length() || text.charAt(at) != close) {
                throw new Malformed(".npy header: expected ',' or '" + close + "' at character " + at);
            }
        }

        private void expect(char c) throws Malformed {
            skipSpace();
            if (at >= text.length() || text.charAt(at) != c) {
                throw new Malformed(".npy header: expected '" + c + "' at character " + at);
            }
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
