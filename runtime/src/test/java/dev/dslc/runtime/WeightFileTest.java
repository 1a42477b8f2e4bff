package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading what PyTorch and NumPy wrote, writing what they read, and the options. */
class WeightFileTest {
    @TempDir
    Path directory;

    /** A mixed-layout model whose parameters are 0.5, 1.5, 2.5, ... with a few values that need every bit. */
    private static TestModelOfLayout numbered() {
        TestModelOfLayout model = TestModelOfLayout.mixed();
        for (int i = 0; i < model.parameters.length; i++) {
            model.parameters[i] = i + 0.5;
        }
        model.parameters[0] = Math.PI;
        model.parameters[1] = -0.0;
        model.parameters[2] = Double.MIN_VALUE;
        model.parameters[3] = -Double.MAX_VALUE;
        return model;
    }

    @Test
    void pytorchSafetensorsAndNumpyNpz_holdTheSameF64Values() throws IOException {
        double[] safetensors = WeightFixtures.mixed("mixed.f64.safetensors").parameters;
        assertArrayEquals(safetensors, WeightFixtures.mixed("mixed.f64.npz").parameters);
        assertArrayEquals(safetensors, WeightFixtures.mixed("mixed.f64.compressed.npz").parameters);
        assertEquals(0.7512345678901234, safetensors[16], "the scalar s, after W[4, 3] and b[4]");
    }

    @Test
    void fortranOrderNpz_isTransposedIntoRowMajor() throws IOException {
        assertArrayEquals(WeightFixtures.mixed("mixed.f64.npz").parameters,
                WeightFixtures.mixed("mixed.fortran.npz").parameters);
    }

    @Test
    void f32Files_holdTheF64ValuesRoundedToFloat_convertedExactly() throws IOException {
        double[] f64 = WeightFixtures.mixed("mixed.f64.safetensors").parameters;
        for (String file : List.of("mixed.f32.safetensors", "mixed.f32.npz")) {
            double[] f32 = WeightFixtures.mixed(file).parameters;
            for (int i = 0; i < f64.length; i++) {
                assertEquals((double) (float) f64[i], f32[i], 0.0, file + " element " + i);
            }
            assertTrue(f32[0] != f64[0], "the fixture's values are not all floats already");
        }
    }

    @Test
    void f16AndBf16_readAsPyTorchConvertsThem() throws IOException {
        for (String precision : List.of("f16", "bf16")) {
            assertArrayEquals(WeightFixtures.mixed("mixed." + precision + ".expected.npz").parameters,
                    WeightFixtures.mixed("mixed." + precision + ".safetensors").parameters, precision);
        }
    }

    @Test
    void npzHalfPrecisionArrays_areRead() throws IOException {
        TestModelOfLayout source = TestModelOfLayout.mixed();
        Path file = directory.resolve("m.npz");
        WeightFile.save(source, file);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        // c as float16: the F64 header with '<f2', then 1.0 and -2.0 in two bytes each
        byte[] c = entries.get("c.npy");
        byte[] half = Arrays.copyOf(new String(c, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<f2'")
                .getBytes(StandardCharsets.ISO_8859_1), c.length - 16 + 4);
        ByteBuffer.wrap(half, c.length - 16, 4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000);
        entries.put("c.npy", half);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
        TestModelOfLayout loaded = TestModelOfLayout.mixed();
        WeightFile.load(loaded, file);
        assertArrayEquals(new double[] {1.0, -2.0}, Arrays.copyOfRange(loaded.parameters, 25, 27));
    }

    @Test
    void halfPrecision_specialValuesAndSubnormals() {
        assertEquals(1.0, TensorDtype.halfToDouble(0x3C00));
        assertEquals(-2.0, TensorDtype.halfToDouble(0xC000));
        assertEquals(65504.0, TensorDtype.halfToDouble(0x7BFF));
        assertEquals(0x1p-24, TensorDtype.halfToDouble(0x0001));
        assertEquals(Double.NEGATIVE_INFINITY, TensorDtype.halfToDouble(0xFC00));
        assertTrue(Double.isNaN(TensorDtype.halfToDouble(0x7E00)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(TensorDtype.halfToDouble(0x8000)));
    }

    @Test
    void renames_mapPyTorchNamesToParameters() throws IOException {
        TestModelOfLayout mlp = new TestModelOfLayout("W1", new int[] {128, 784}, "b1", new int[] {128},
                "W2", new int[] {10, 128}, "b2", new int[] {10});
        WeightFile.load(mlp, WeightFixtures.path("mlp_784_128_10.f32.safetensors"), WeightOptions.defaults()
                .renaming(Map.of("fc1.weight", "W1", "fc1.bias", "b1", "fc2.weight", "W2", "fc2.bias", "b2")));
        assertTrue(mlp.parameters[0] != 0 && mlp.parameters[mlp.parameters.length - 1] != 0);
        assertTrue(Arrays.stream(mlp.parameters).allMatch(v -> (float) v == v), "F32 values, exactly");
    }

    @Test
    void saveThenLoad_f64_restoresEveryBit_inBothFormats() throws IOException {
        for (String name : List.of("m.safetensors", "m.npz")) {
            Path file = directory.resolve(name);
            WeightFile.save(numbered(), file);
            TestModelOfLayout loaded = TestModelOfLayout.mixed();
            WeightFile.load(loaded, file);
            for (int i = 0; i < loaded.parameters.length; i++) {
                assertEquals(Double.doubleToRawLongBits(numbered().parameters[i]),
                        Double.doubleToRawLongBits(loaded.parameters[i]), name + " element " + i);
            }
        }
    }

    @Test
    void saveF32_roundsEachValueToTheNearestFloat() throws IOException {
        TestModelOfLayout saved = numbered();
        saved.parameters[3] = 1e-3;
        for (String name : List.of("m.safetensors", "m.npz")) {
            Path file = directory.resolve(name);
            WeightFile.save(saved, file, WeightOptions.defaults().withPrecision(WeightOptions.Precision.F32));
            TestModelOfLayout loaded = TestModelOfLayout.mixed();
            WeightFile.load(loaded, file);
            for (int i = 0; i < loaded.parameters.length; i++) {
                assertEquals((double) (float) saved.parameters[i], loaded.parameters[i], 0.0, name + " " + i);
            }
        }
        assertEquals(8L + 27 * 4, Files.size(directory.resolve("m.safetensors"))
                - headerLength(directory.resolve("m.safetensors")), "4 bytes a value");
    }

    @Test
    void saveF32_refusesAValueTooLargeForAFloat() {
        WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFile.save(numbered(),
                directory.resolve("m.npz"), WeightOptions.defaults().withPrecision(WeightOptions.Precision.F32)));
        assertEquals(List.of("W[1, 0] (element 3 of W, parameters()[3]) = -1.7976931348623157E308 is too large"
                + " for F32; save it as F64"), e.problems());
        assertTrue(Files.notExists(directory.resolve("m.npz")));
    }

    @Test
    void save_writesTheFileNamesForRenamedParameters_andTheMetadata() throws IOException {
        Path file = directory.resolve("m.safetensors");
        WeightFile.save(numbered(), file, WeightOptions.defaults().renaming(Map.of("layer.weight", "W")));
        String header = new String(Files.readAllBytes(file), 8, (int) headerLength(file), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"model\":\"dev.dslc.runtime.TestModelOfLayout\","
                + "\"dslc_version\":\"" + RuntimeVersion.current() + "\"},\"layer.weight\":{\"dtype\":\"F64\","
                + "\"shape\":[4,3],\"data_offsets\":[0,96]},\"b\":"), header);
        assertTrue(header.contains("\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[128,136]}"), header);
        assertTrue(RuntimeVersion.current().matches("\\d+\\.\\d+\\.\\d+.*"), RuntimeVersion.current());
        assertEquals(0, (8 + headerLength(file)) % 8, "the data starts aligned");
    }

    @Test
    void saveNpz_isDeterministic_andCarriesTheMetadataInTheZipComment() throws IOException {
        WeightFile.save(numbered(), directory.resolve("a.npz"));
        WeightFile.save(numbered(), directory.resolve("b.npz"));
        byte[] a = Files.readAllBytes(directory.resolve("a.npz"));
        assertArrayEquals(a, Files.readAllBytes(directory.resolve("b.npz")));
        try (ZipFile zip = new ZipFile(directory.resolve("a.npz").toFile())) {
            assertEquals("{\"model\":\"dev.dslc.runtime.TestModelOfLayout\",\"dslc_version\":\""
                    + RuntimeVersion.current() + "\"}", zip.getComment());
            assertEquals(List.of("W.npy", "b.npy", "s.npy", "V.npy", "c.npy"),
                    zip.stream().map(ZipEntry::getName).toList());
        }
    }

    @Test
    void parameterFile_choosesTheFormatByExtension() throws IOException {
        Path file = directory.resolve("m.SAFETENSORS");
        ParameterFile.save(numbered(), file);
        assertEquals(8 + headerLength(file) + 27 * 8, Files.size(file));
        TestModelOfLayout loaded = TestModelOfLayout.mixed();
        ParameterFile.load(loaded, file);
        assertArrayEquals(numbered().parameters, loaded.parameters);
        ParameterFile.save(numbered(), directory.resolve("m.params"));
        assertEquals("DSLCPRMS", new String(Files.readAllBytes(directory.resolve("m.params")), 0, 8,
                StandardCharsets.US_ASCII));
    }

    @Test
    void optionsForDslcsOwnFormat_andRenamesToNoParameter_areRefused() throws IOException {
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> WeightFile.save(
                numbered(), directory.resolve("m.params"), WeightOptions.defaults().allowingExtra()));
        assertTrue(own.getMessage().endsWith("not to m.params (dslc's parameter format)"), own.getMessage());
        WeightFile.save(numbered(), directory.resolve("m.npz"));
        IllegalArgumentException rename = assertThrows(IllegalArgumentException.class, () -> WeightFile.load(
                TestModelOfLayout.mixed(), directory.resolve("m.npz"),
                WeightOptions.defaults().renaming(Map.of("fc.weight", "W9"))));
        assertEquals("the rename fc.weight=W9 names no parameter of the model (it has W, b, s, V, c)",
                rename.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> WeightOptions.defaults().renaming(Map.of("a", "W", "b", "W")));
        assertTrue(twice.getMessage().startsWith("two names are mapped to parameter W: "), twice.getMessage());
    }

    private static long headerLength(Path safetensors) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(safetensors), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
