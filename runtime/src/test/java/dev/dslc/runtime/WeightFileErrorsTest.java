package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a weight file can be wrong: each is a {@link WeightFileException} that leaves the model as it was. */
class WeightFileErrorsTest {
    private static final int[] SCALAR = new int[0];

    @TempDir
    Path directory;

    /** Loads {@code bytes} as {@code name} into a mixed-layout model; returns the problems; checks nothing changed. */
    private static List<String> refused(String name, byte[] bytes, WeightOptions options) {
        TestModelOfLayout model = TestModelOfLayout.mixed();
        Arrays.fill(model.parameters, -7.0);
        Path path = Path.of(name);
        WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFile.load(model, path,
                new ByteArrayChannel(bytes), WeightFile.Format.of(path), options), name);
        assertTrue(model.parameters().length > 0 && Arrays.stream(model.parameters).allMatch(v -> v == -7.0),
                "a refused load changed the parameters");
        assertEquals(path, e.file());
        assertEquals(name + ": " + String.join("; ", e.problems()), e.getMessage());
        return e.problems();
    }

    private static List<String> refused(String name, byte[] bytes) {
        return refused(name, bytes, WeightOptions.defaults());
    }

    /** The bytes {@link WeightFile#save} writes for {@code model} under {@code name}. */
    private byte[] saved(Model model, String name) throws IOException {
        Path file = directory.resolve(name);
        WeightFile.save(model, file);
        return Files.readAllBytes(file);
    }

    /** The mixed layout with {@code name}'s shape replaced, or dropped when {@code shape} is null. */
    private static TestModelOfLayout mixedWith(String name, int[] shape) {
        Object[] layout = {"W", new int[] {4, 3}, "b", new int[] {4}, "s", SCALAR, "V", new int[] {2, 4},
                "c", new int[] {2}};
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < layout.length; i += 2) {
            if (!layout[i].equals(name) || shape != null) {
                kept.add(layout[i]);
                kept.add(layout[i].equals(name) ? shape : layout[i + 1]);
            }
        }
        return new TestModelOfLayout(kept.toArray());
    }

    /** A safetensors file of this header and {@code dataBytes} zero bytes of data. */
    private static byte[] safetensors(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array();
    }

    /** A zip of these stored entries, as numpy.savez writes them. */
    private static byte[] npz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                CRC32 crc = new CRC32();
                crc.update(entry.getValue());
                zipEntry.setMethod(ZipEntry.STORED);
                zipEntry.setSize(entry.getValue().length);
                zipEntry.setCrc(crc.getValue());
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
            }
        }
        return bytes.toByteArray();
    }

    /** The entries of a good mixed .npz, as NumPy's format writes each array, in a map to edit. */
    private static Map<String, byte[]> mixedEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        TestModelOfLayout model = TestModelOfLayout.mixed();
        for (Parameter parameter : model.parameterLayout()) {
            entries.put(parameter.name() + ".npy", NpyFormat.encode(parameter.shape(), TensorDtype.F64,
                    model.parameters, parameter.offset()));
        }
        return entries;
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from), from);
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyTruncation_ofEveryFixture_isRefused() {
        for (String fixture : List.of("mixed.f64.safetensors", "mixed.f32.safetensors", "mixed.bf16.safetensors",
                "mixed.f64.npz", "mixed.f64.compressed.npz", "mixed.fortran.npz")) {
            byte[] whole = WeightFixtures.bytes(fixture);
            for (int length = 0; length < whole.length; length++) {
                List<String> problems = refused(fixture, Arrays.copyOf(whole, length));
                assertTrue(problems.size() == 1, fixture + " cut at " + length + ": " + problems);
            }
        }
    }

    @Test
    void truncation_saysWhereTheDataStops() throws IOException {
        byte[] whole = saved(TestModelOfLayout.mixed(), "m.safetensors");
        assertEquals(List.of("truncated: tensor \"c\" ends at byte 216 of the data, but the file has 215 bytes"
                + " of data"), refused("m.safetensors", Arrays.copyOf(whole, whole.length - 1)));
        assertEquals(List.of("truncated: 7 bytes, shorter than the 8-byte header length a safetensors file"
                + " starts with"), refused("m.safetensors", Arrays.copyOf(whole, 7)));
        long headerLength = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(List.of("truncated: the header length is " + headerLength + " bytes but only 99 follow"),
                refused("m.safetensors", Arrays.copyOf(whole, 107)));
        byte[] npz = saved(TestModelOfLayout.mixed(), "m.npz");
        assertEquals(List.of("truncated: the zip archive does not end with its central directory"),
                refused("m.npz", Arrays.copyOf(npz, npz.length - 1)));
    }

    @Test
    void missingTensor_isNamed_inBothFormats() throws IOException {
        for (String name : List.of("m.safetensors", "m.npz")) {
            assertEquals(List.of("missing tensor c"), refused(name, saved(mixedWith("c", null), name)));
        }
    }

    @Test
    void extraTensors_areListedAndRefused_unlessAllowed() throws IOException {
        TestModelOfLayout bigger = new TestModelOfLayout("W", new int[] {4, 3}, "b", new int[] {4}, "s", SCALAR,
                "V", new int[] {2, 4}, "c", new int[] {2}, "d", new int[] {3}, "e", SCALAR);
        Arrays.setAll(bigger.parameters, i -> i);
        for (String name : List.of("m.safetensors", "m.npz")) {
            byte[] file = saved(bigger, name);
            assertEquals(List.of("extra tensors the model has no parameter for: d, e (--allow-extra, or"
                    + " WeightOptions.allowingExtra(), ignores them)"), refused(name, file));
            TestModelOfLayout model = TestModelOfLayout.mixed();
            WeightFile.load(model, Path.of(name), new ByteArrayChannel(file), WeightFile.Format.of(Path.of(name)),
                    WeightOptions.defaults().allowingExtra());
            assertArrayEquals(Arrays.copyOf(bigger.parameters, 27), model.parameters);
        }
    }

    @Test
    void missingAndExtraTogether_suggestARename() throws IOException {
        TestModelOfLayout pytorch = new TestModelOfLayout("fc.weight", new int[] {4, 3}, "b", new int[] {4},
                "s", SCALAR, "V", new int[] {2, 4}, "c", new int[] {2});
        assertEquals(List.of("missing tensor W; map the file's names to the model's with --rename"
                        + " FILE_NAME=PARAMETER (WeightOptions.renaming in Java)",
                "extra tensor the model has no parameter for: fc.weight (--allow-extra, or"
                        + " WeightOptions.allowingExtra(), ignores them)"),
                refused("m.npz", saved(pytorch, "m.npz")));
        assertEquals(List.of("missing tensor fc.weight (for parameter W)"), refused("m.npz",
                saved(mixedWith("W", null), "m.npz"), WeightOptions.defaults().renaming(Map.of("fc.weight", "W"))));
    }

    @Test
    void shapeMismatch_namesTheTensorAndBothShapes() throws IOException {
        for (String name : List.of("m.safetensors", "m.npz")) {
            assertEquals(List.of("tensor W: shape mismatch: expected [4, 3], got [3, 4] (the transpose)"),
                    refused(name, saved(mixedWith("W", new int[] {3, 4}), name)));
            assertEquals(List.of("tensor s: shape mismatch: expected [] (a scalar), got [1]"),
                    refused(name, saved(mixedWith("s", new int[] {1}), name)));
        }
        TestModelOfLayout renamed = new TestModelOfLayout("W", new int[] {4, 3}, "b", new int[] {4}, "s", SCALAR,
                "V", new int[] {2, 4}, "fc", new int[] {2, 1});
        assertEquals(List.of("tensor fc (parameter c): shape mismatch: expected [2], got [2, 1]"),
                refused("m.npz", saved(renamed, "m.npz"), WeightOptions.defaults().renaming(Map.of("fc", "c"))));
    }

    @Test
    void unsupportedDtypes_areNamed() throws IOException {
        byte[] ints = replace(saved(TestModelOfLayout.mixed(), "m.safetensors"), "\"c\":{\"dtype\":\"F64\"",
                "\"c\":{\"dtype\":\"I64\"");
        assertEquals(List.of("tensor c: unsupported dtype I64; dslc reads F64, F32, F16 and BF16"),
                refused("m.safetensors", ints));
        Map<String, byte[]> entries = mixedEntries();
        entries.put("c.npy", replace(entries.get("c.npy"), "'<f8'", "'<i8'"));
        entries.put("V.npy", replace(entries.get("V.npy"), "'<f8'", "'>f8'"));
        assertEquals(List.of("tensor V: unsupported dtype '>f8' (big-endian); dslc reads F64, F32, F16 and BF16",
                "tensor c: unsupported dtype '<i8'; dslc reads F64, F32, F16 and BF16"),
                refused("m.npz", npz(entries)));
    }

    @Test
    void headerThatLiesAboutOffsets_isRefused() {
        String w = "\"W\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":";
        assertEquals(List.of("the header lies about its offsets: tensor \"b\" (bytes 0 to 8) overlaps tensor \"W\""
                        + " (bytes 0 to 8)"),
                refused("x.safetensors", safetensors("{" + w + "[0,8]}," + w.replace("W", "b") + "[0,8]}}", 8)));
        assertEquals(List.of("the header lies about its offsets: bytes 0 to 8 of the data belong to no tensor"),
                refused("x.safetensors", safetensors("{" + w + "[8,16]}}", 16)));
        assertEquals(List.of("the header lies about its offsets: the last 8 bytes of the data belong to no tensor"),
                refused("x.safetensors", safetensors("{" + w + "[0,8]}}", 16)));
        assertEquals(List.of("tensor \"W\" in the header: data_offsets [0, 8] span 8 bytes, but F64 [2] needs 16"),
                refused("x.safetensors", safetensors("{" + w.replace("[1]", "[2]") + "[0,8]}}", 8)));
        assertEquals(List.of("tensor \"W\" in the header: data_offsets [8, 0] end before they begin"),
                refused("x.safetensors", safetensors("{" + w + "[8,0]}}", 8)));
        assertEquals(List.of("tensor \"W\" in the header: data_offsets must hold whole numbers from 0, not -8"),
                refused("x.safetensors", safetensors("{" + w + "[-8,0]}}", 8)));
    }

    @Test
    void headerOver100MB_isRefusedBeforeItIsRead() {
        byte[] file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001L).array();
        assertEquals(List.of("the header length, 100000001 bytes, is over the 100 MB limit: not a safetensors"
                + " file, or a corrupt one"), refused("x.safetensors", file));
        file = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertTrue(refused("x.safetensors", file).get(0).startsWith("the header length, 18446744073709551615 bytes"));
    }

    @Test
    void duplicateNames_areRefused_inBothFormats() throws IOException {
        String w = "\"W\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":";
        assertEquals(List.of("duplicate tensor name \"W\""),
                refused("x.safetensors", safetensors("{" + w + "[0,8]}," + w + "[8,16]}}", 16)));
        Map<String, byte[]> entries = mixedEntries();
        entries.put("W", entries.get("W.npy"));
        assertEquals(List.of("duplicate tensor name \"W\""), refused("m.npz", npz(entries)));
    }

    @Test
    void nonFiniteValues_areRefusedWithTheirPlace_unlessAllowed() throws IOException {
        TestModelOfLayout model = TestModelOfLayout.mixed();
        model.parameters[5] = Double.NaN;
        model.parameters[6] = Double.NaN;
        model.parameters[19] = Double.NEGATIVE_INFINITY;
        for (String name : List.of("m.safetensors", "m.npz")) {
            byte[] file = saved(model, name);
            String allowance = " (--allow-nonfinite, or WeightOptions.allowingNonFinite(), accepts it)";
            assertEquals(List.of("tensor W: NaN at [1, 2]" + allowance, "tensor V: -inf at [0, 2]" + allowance),
                    refused(name, file));
            TestModelOfLayout loaded = TestModelOfLayout.mixed();
            WeightFile.load(loaded, Path.of(name), new ByteArrayChannel(file), WeightFile.Format.of(Path.of(name)),
                    WeightOptions.defaults().allowingNonFinite());
            assertTrue(Double.isNaN(loaded.parameters[5]) && loaded.parameters[19] == Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void aFileOnlyPartlyValid_changesNothing_andEveryProblemIsListed() throws IOException {
        TestModelOfLayout model = mixedWith("W", new int[] {3, 4});
        Arrays.setAll(model.parameters, i -> i);
        model.parameters[20] = Double.POSITIVE_INFINITY;
        List<String> problems = refused("m.safetensors", saved(model, "m.safetensors"));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("tensor W: shape mismatch") && problems.get(1).startsWith(
                "tensor V: +inf at [0, 3]"), problems.toString());
    }

    @Test
    void otherFiles_areNotMistakenForWeights() throws IOException {
        assertEquals(List.of("not a .npz file: it does not start as a zip archive does"),
                refused("x.npz", "W,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("the file is empty"), refused("x.npz", new byte[0]));
        assertEquals(List.of("the header is not valid JSON: expected ':', found ',' at character 4"),
                refused("x.safetensors", safetensors("{\"W\",1}", 0)));
        assertEquals(List.of("the header is not a JSON object"), refused("x.safetensors", safetensors("[1]", 0)));
        assertEquals(List.of("the header's __metadata__ must map strings to strings"),
                refused("x.safetensors", safetensors("{\"__metadata__\":{\"epoch\":3}}", 0)));
        Map<String, byte[]> entries = mixedEntries();
        entries.put("b.npy", "not an array".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("entry \"b.npy\": not a .npy array (no \\x93NUMPY magic)"),
                refused("m.npz", npz(entries)));
        entries = mixedEntries();
        entries.put("b.npy", Arrays.copyOf(entries.get("b.npy"), entries.get("b.npy").length + 8));
        assertEquals(List.of("entry \"b.npy\" has more data than its shape [4] needs"),
                refused("m.npz", npz(entries)));
        entries = mixedEntries();
        entries.put("b.npy", Arrays.copyOf(entries.get("b.npy"), entries.get("b.npy").length - 8));
        assertEquals(List.of("entry \"b.npy\" is truncated: its shape [4] needs 32 bytes of data, it has 24"),
                refused("m.npz", npz(entries)));
    }
}
