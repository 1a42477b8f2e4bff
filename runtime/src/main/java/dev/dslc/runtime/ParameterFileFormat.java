package dev.dslc.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The bytes of a parameter file, big-endian:
 * <pre>
 *   header   magic "DSLCPRMS" (8 bytes), version (int), body length (long)
 *   body     parameter count (int), entry count (int),
 *            per entry: name (modified UTF-8), offset (int), rank (int), dimensions (int each),
 *            then parameter count doubles
 *   trailer  CRC32 of header and body (int)
 * </pre>
 * The body length comes first so that a truncated file is reported as
 * truncated rather than as a checksum failure.
 */
final class ParameterFileFormat {
    static final int VERSION = 1;
    private static final byte[] MAGIC = "DSLCPRMS".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final int TRAILER_LENGTH = Integer.BYTES;

    /** What a file holds. */
    record Contents(int parameterCount, List<Parameter> layout, double[] values) {
    }

    private ParameterFileFormat() {
    }

    static byte[] encode(List<Parameter> layout, double[] values) {
        byte[] body = body(layout, values);
        ByteBuffer file = ByteBuffer.allocate(HEADER_LENGTH + body.length + TRAILER_LENGTH);
        file.put(MAGIC).putInt(VERSION).putLong(body.length).put(body);
        file.putInt(checksum(file.array(), file.position()));
        return file.array();
    }

    /** Decodes a whole file, or throws saying why it cannot; never returns partial contents. */
    static Contents decode(byte[] file) throws ParameterFileException {
        requireHeader(file);
        long bodyLength = ByteBuffer.wrap(file, MAGIC.length + Integer.BYTES, Long.BYTES).getLong();
        long expected = HEADER_LENGTH + bodyLength + TRAILER_LENGTH;
        if (bodyLength < 0 || file.length < expected) {
            throw new ParameterFileException("truncated: the header promises " + expected
                    + " bytes but the file has " + file.length);
        }
        if (file.length > expected) {
            throw new ParameterFileException("corrupt: " + (file.length - expected)
                    + " unexpected bytes after the end of the data");
        }
        int stored = ByteBuffer.wrap(file, file.length - TRAILER_LENGTH, TRAILER_LENGTH).getInt();
        if (stored != checksum(file, file.length - TRAILER_LENGTH)) {
            throw new ParameterFileException("corrupt: checksum mismatch (the file was damaged after it was written)");
        }
        return body(file, (int) bodyLength);
    }

    private static void requireHeader(byte[] file) throws ParameterFileException {
        for (int i = 0; i < Math.min(file.length, MAGIC.length); i++) {
            if (file[i] != MAGIC[i]) {
                throw new ParameterFileException("not a dslc parameter file (wrong magic header)");
            }
        }
        if (file.length < HEADER_LENGTH) {
            throw new ParameterFileException("truncated: " + file.length + " bytes, shorter than the "
                    + HEADER_LENGTH + "-byte header");
        }
        int version = ByteBuffer.wrap(file, MAGIC.length, Integer.BYTES).getInt();
        if (version != VERSION) {
            throw new ParameterFileException("unsupported format version " + version
                    + "; this runtime reads version " + VERSION);
        }
    }

    private static byte[] body(List<Parameter> layout, double[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.length);
            out.writeInt(layout.size());
            for (Parameter parameter : layout) {
                writeEntry(out, parameter);
            }
            for (double value : values) {
                out.writeDouble(value);
            }
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayOutputStream does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeEntry(DataOutputStream out, Parameter parameter) throws IOException {
        out.writeUTF(parameter.name());
        out.writeInt(parameter.offset());
        int[] shape = parameter.shape();
        out.writeInt(shape.length);
        for (int dimension : shape) {
            out.writeInt(dimension);
        }
    }

    private static Contents body(byte[] file, int bodyLength) throws ParameterFileException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, HEADER_LENGTH, bodyLength))) {
            int parameterCount = count(in.readInt(), bodyLength / Double.BYTES, "parameter count");
            int entryCount = count(in.readInt(), bodyLength, "entry count");
            List<Parameter> layout = new ArrayList<>(entryCount);
            for (int i = 0; i < entryCount; i++) {
                layout.add(readEntry(in, bodyLength));
            }
            double[] values = new double[parameterCount];
            for (int i = 0; i < parameterCount; i++) {
                values[i] = in.readDouble();
            }
            if (in.available() != 0) {
                throw new ParameterFileException("corrupt: " + in.available() + " bytes left over after the values");
            }
            return new Contents(parameterCount, List.copyOf(layout), values);
        } catch (ParameterFileException e) {
            throw e;
        } catch (IOException e) {
            // the checksum matched, so only a file written by a buggy writer gets here
            throw new ParameterFileException("corrupt: the layout and values do not fit the recorded length");
        }
    }

    private static Parameter readEntry(DataInputStream in, int bodyLength) throws IOException {
        String name = in.readUTF();
        int offset = count(in.readInt(), Integer.MAX_VALUE, "offset of " + name);
        int[] shape = new int[count(in.readInt(), bodyLength, "rank of " + name)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = count(in.readInt(), Integer.MAX_VALUE, "dimension of " + name);
        }
        return new Parameter(name, offset, shape);
    }

    private static int count(int value, int limit, String what) throws ParameterFileException {
        if (value < 0 || value > limit) {
            throw new ParameterFileException("corrupt: " + what + " is " + value);
        }
        return value;
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
