package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dslc writes, NumPy reads with {@code numpy.load} (and a safetensors reader
 * of a dozen lines, as the format's specification describes it), NumPy writes
 * the negated arrays back, and dslc reads them: every bit survives both ways.
 * Needs Debian's {@code /usr/bin/python3} with NumPy ({@code apt-get install
 * python3-numpy}); without it the test is skipped, saying so.
 */
class NumpyRoundTripTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import json, struct, sys, zipfile
            import numpy
            npz, safetensors, out_npz, out_safetensors, report = sys.argv[1:]
            arrays = dict(numpy.load(npz))
            with open(safetensors, "rb") as f:
                data = f.read()
            length = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + length])
            metadata = header.pop("__metadata__")
            tensors = {}
            for name, info in header.items():
                begin, end = info["data_offsets"]
                tensors[name] = numpy.frombuffer(data[8 + length + begin:8 + length + end],
                                                 dtype="<f8").reshape(info["shape"])
            assert list(tensors) == list(arrays), (list(tensors), list(arrays))
            for name in arrays:
                assert (tensors[name].view("<u8") == arrays[name].view("<u8")).all(), name
            with open(report, "w") as f:
                for name, array in arrays.items():
                    f.write(" ".join([name, str(array.dtype), str(list(array.shape))]
                                     + [v.hex() for v in array.reshape(-1).tolist()]) + "\\n")
                f.write("metadata " + json.dumps(metadata, sort_keys=True) + "\\n")
                f.write("comment " + zipfile.ZipFile(npz).comment.decode() + "\\n")
            negated = {name: -array for name, array in arrays.items()}
            numpy.savez(out_npz, **negated)
            header, blobs, offset = {}, [], 0
            for name, array in negated.items():
                blob = array.astype("<f8").tobytes()
                header[name] = {"dtype": "F64", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
                blobs.append(blob)
                offset += len(blob)
            text = json.dumps(header).encode()
            text += b" " * (-len(text) % 8)
            with open(out_safetensors, "wb") as f:
                f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
            """;

    @TempDir
    Path directory;

    private static boolean numpyAvailable() {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void dslcWrites_numpyReads_numpyWrites_dslcReads_everyBit() throws IOException, InterruptedException {
        assumeTrue(numpyAvailable(), "skipped: needs " + PYTHON + " with NumPy (apt-get install python3-numpy)");
        TestModelOfLayout model = TestModelOfLayout.mixed();
        for (int i = 0; i < model.parameters.length; i++) {
            model.parameters[i] = Math.sin(i + 1) * Math.pow(10, i % 7 - 3);
        }
        model.parameters[1] = -0.0;
        model.parameters[2] = Double.MIN_VALUE;
        model.parameters[3] = Double.MAX_VALUE;
        WeightFile.save(model, directory.resolve("m.npz"));
        WeightFile.save(model, directory.resolve("m.safetensors"));
        Files.writeString(directory.resolve("roundtrip.py"), SCRIPT);
        Process python = new ProcessBuilder(PYTHON, "roundtrip.py", "m.npz", "m.safetensors", "back.npz",
                "back.safetensors", "report.txt").directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, python.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), output);

        List<String> report = Files.readAllLines(directory.resolve("report.txt"));
        List<Parameter> layout = model.parameterLayout();
        for (int p = 0; p < layout.size(); p++) {
            String[] fields = report.get(p).split(" ", 3);
            Parameter parameter = layout.get(p);
            assertEquals(parameter.name(), fields[0]);
            assertEquals("float64", fields[1]);
            String[] rest = fields[2].split("] ", 2);
            assertEquals(java.util.Arrays.toString(parameter.shape()), rest[0] + "]");
            String[] hex = rest[1].split(" ");
            for (int i = 0; i < parameter.size(); i++) {
                // float.hex() is Java's hexadecimal floating-point literal too: 0x1.921fb54442d18p+1
                assertEquals(Double.doubleToRawLongBits(model.parameters[parameter.offset() + i]),
                        Double.doubleToRawLongBits(Double.parseDouble(hex[i])), parameter.name() + " element " + i);
            }
        }
        String metadata = "{\"dslc_version\": \"" + RuntimeVersion.current()
                + "\", \"model\": \"dev.dslc.runtime.TestModelOfLayout\"}";
        assertEquals("metadata " + metadata, report.get(layout.size()));
        assertEquals("comment {\"model\":\"dev.dslc.runtime.TestModelOfLayout\",\"dslc_version\":\""
                + RuntimeVersion.current() + "\"}", report.get(layout.size() + 1));

        for (String back : List.of("back.npz", "back.safetensors")) {
            TestModelOfLayout loaded = TestModelOfLayout.mixed();
            WeightFile.load(loaded, directory.resolve(back));
            for (int i = 0; i < loaded.parameters.length; i++) {
                assertEquals(Double.doubleToRawLongBits(-model.parameters[i]),
                        Double.doubleToRawLongBits(loaded.parameters[i]), back + " element " + i);
            }
        }
    }
}
