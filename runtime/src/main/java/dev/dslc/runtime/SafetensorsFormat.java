package dev.dslc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors): an unsigned 64-bit
 * little-endian header length N, N bytes of JSON mapping each tensor's name to
 * its {@code dtype}, {@code shape} and {@code data_offsets} [begin, end) in
 * the data that follows (an optional {@code __metadata__} maps strings to
 * strings), then the data, little-endian and row-major. Reading checks what
 * the reference implementation checks: the tensors' byte ranges tile the data
 * exactly, without gaps or overlaps, and each is as long as its dtype and
 * shape need.
 */
final class SafetensorsFormat {
    /** The reference implementation's limit too: a bigger header is a corrupt length or an attack. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 20;
    /** Element sizes of every dtype the format defines, so that tensors dslc does not read are checked too. */
    private static final Map<String, Integer> SIZES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
            Map.entry("I8", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E8M0", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4), Map.entry("I64", 8),
            Map.entry("U64", 8), Map.entry("F64", 8), Map.entry("C64", 8));

    /** One header entry; {@code begin} and {@code end} are offsets into the data. */
    private record Entry(String name, String dtype, long[] shape, long elements, long begin, long end) {
    }

    private SafetensorsFormat() {
    }

    /** Reads every tensor the model has a parameter for into {@code binder}; throws at the first fatal problem. */
    static void read(SeekableByteChannel channel, TensorBinder binder) throws IOException {
        long size = channel.size();
        if (size < Long.BYTES) {
            throw binder.fatal("truncated: " + size + " bytes, shorter than the 8-byte header length"
                    + " a safetensors file starts with");
        }
        long headerLength = WeightFile.readFully(channel, 0, Long.BYTES).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw binder.fatal("the header length, " + Long.toUnsignedString(headerLength)
                    + " bytes, is over the 100 MB limit: not a safetensors file, or a corrupt one");
        }
        if (Long.BYTES + headerLength > size) {
            throw binder.fatal("truncated: the header length is " + headerLength + " bytes but only "
                    + (size - Long.BYTES) + " follow");
        }
        ByteBuffer headerBytes = WeightFile.readFully(channel, Long.BYTES, (int) headerLength);
        List<Entry> entries = entries(header(headerBytes, binder), binder);
        long dataStart = Long.BYTES + headerLength;
        checkTiling(entries, size - dataStart, binder);
        for (Entry entry : entries) {
            Parameter parameter = binder.target(entry.name());
            TensorDtype dtype = TensorDtype.ofName(entry.dtype());
            if (parameter != null && binder.accepts(parameter, entry.dtype(), dtype, entry.shape())) {
                stage(channel, dataStart + entry.begin(), entry.end() - entry.begin(), parameter, dtype, binder);
            }
        }
    }

    /**
     * The bytes of a file holding {@code layout}'s parameters from
     * {@code values}, each under the file's name for it, in layout order.
     */
    static byte[] encode(List<Parameter> layout, double[] values, WeightOptions options, String metadataJson) {
        TensorDtype dtype = TensorDtype.of(options.precision());
        StringBuilder header = new StringBuilder("{").append(JsonHeader.quote(METADATA)).append(':')
                .append(metadataJson);
        long offset = 0;
        for (Parameter parameter : layout) {
            long end = offset + (long) parameter.size() * dtype.size();
            header.append(',').append(JsonHeader.quote(options.fileName(parameter.name())))
                    .append(":{\"dtype\":\"").append(dtype.name()).append("\",\"shape\":")
                    .append(Arrays.toString(parameter.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        byte[] unpadded = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        // The writers pad the header with spaces to a multiple of 8, so that the data is aligned.
        byte[] json = Arrays.copyOf(unpadded, (unpadded.length + 7) / 8 * 8);
        Arrays.fill(json, unpadded.length, json.length, (byte) ' ');
        ByteBuffer file = ByteBuffer.allocate(Math.toIntExact(Long.BYTES + json.length + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        for (Parameter parameter : layout) {
            for (int i = 0; i < parameter.size(); i++) {
                dtype.write(file, values[parameter.offset() + i]);
            }
        }
        return file.array();
    }

    private static Map<?, ?> header(ByteBuffer bytes, TensorBinder binder) throws WeightFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw binder.fatal("the header is not valid UTF-8: not a safetensors file, or a corrupt one");
        }
        Object json;
        try {
            json = JsonHeader.parse(text);
        } catch (JsonHeader.SyntaxError e) {
            if (e.duplicateName() != null) {
                throw binder.fatal("duplicate tensor name " + JsonHeader.quote(e.duplicateName()));
            }
            throw binder.fatal("the header is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw binder.fatal("the header is not a JSON object");
        }
        return map;
    }

    private static List<Entry> entries(Map<?, ?> header, TensorBinder binder) throws WeightFileException {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> member : header.entrySet()) {
            String name = (String) member.getKey();
            if (name.equals(METADATA)) {
                if (!(member.getValue() instanceof Map<?, ?> metadata)
                        || !metadata.values().stream().allMatch(String.class::isInstance)) {
                    throw binder.fatal("the header's __metadata__ must map strings to strings");
                }
            } else {
                entries.add(entry(name, member.getValue(), binder));
            }
        }
        return entries;
    }

    private static Entry entry(String name, Object value, TensorBinder binder) throws WeightFileException {
        String where = "tensor " + JsonHeader.quote(name) + " in the header";
        if (!(value instanceof Map<?, ?> info)) {
            throw binder.fatal(where + " is not an object with dtype, shape and data_offsets");
        }
        if (!(info.get("dtype") instanceof String dtype)) {
            throw binder.fatal(where + " has no dtype string");
        }
        long[] shape = counts(info.get("shape"), -1, where + ": shape", binder);
        long[] offsets = counts(info.get("data_offsets"), 2, where + ": data_offsets", binder);
        if (offsets[0] > offsets[1]) {
            throw binder.fatal(where + ": data_offsets " + Arrays.toString(offsets)
                    + " end before they begin");
        }
        long elements = 1;
        for (long dimension : shape) {
            try {
                elements = Math.multiplyExact(elements, dimension);
            } catch (ArithmeticException e) {
                throw binder.fatal(where + ": shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        Integer elementSize = SIZES.get(dtype);
        if (elementSize != null && (elements > Long.MAX_VALUE / elementSize
                || offsets[1] - offsets[0] != elements * elementSize)) {
            throw binder.fatal(where + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes, but " + dtype + " " + TensorBinder.shapeText(shape)
                    + " needs " + (elements > Long.MAX_VALUE / elementSize ? "more" : elements * elementSize));
        }
        return new Entry(name, dtype, shape, elements, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative whole numbers, of {@code length} elements unless it is -1. */
    private static long[] counts(Object value, int length, String what, TensorBinder binder)
            throws WeightFileException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw binder.fatal(what + " must be an array of " + (length >= 0 ? length + " " : "")
                    + "whole numbers");
        }
        long[] counts = new long[list.size()];
        for (int i = 0; i < counts.length; i++) {
            if (!(list.get(i) instanceof Long count) || count < 0) {
                throw binder.fatal(what + " must hold whole numbers from 0, not " + list.get(i));
            }
            counts[i] = count;
        }
        return counts;
    }

    /** The tensors' byte ranges, in order, must cover the data from its first byte to its last, once. */
    private static void checkTiling(List<Entry> entries, long dataLength, TensorBinder binder)
            throws WeightFileException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry entry : byOffset) {
            if (entry.begin() < covered) {
                throw binder.fatal("the header lies about its offsets: tensor " + JsonHeader.quote(entry.name())
                        + " (bytes " + entry.begin() + " to " + entry.end() + ") overlaps tensor "
                        + JsonHeader.quote(previous.name()) + " (bytes " + previous.begin() + " to "
                        + previous.end() + ")");
            }
            if (entry.begin() > covered) {
                throw binder.fatal("the header lies about its offsets: bytes " + covered + " to " + entry.begin()
                        + " of the data belong to no tensor");
            }
            if (entry.end() > dataLength) {
                throw binder.fatal("truncated: tensor " + JsonHeader.quote(entry.name()) + " ends at byte "
                        + entry.end() + " of the data, but the file has " + dataLength + " bytes of data");
            }
            covered = entry.end();
            previous = entry;
        }
        if (covered < dataLength) {
            throw binder.fatal("the header lies about its offsets: the last " + (dataLength - covered)
                    + " bytes of the data belong to no tensor");
        }
    }

    private static void stage(SeekableByteChannel channel, long position, long length, Parameter parameter,
                              TensorDtype dtype, TensorBinder binder) throws IOException {
        int chunk = CHUNK_BYTES - CHUNK_BYTES % dtype.size();
        for (long done = 0; done < length; done += chunk) {
            ByteBuffer bytes = WeightFile.readFully(channel, position + done, (int) Math.min(chunk, length - done));
            binder.stage(parameter, dtype, bytes, done / dtype.size(), false);
        }
    }
}
