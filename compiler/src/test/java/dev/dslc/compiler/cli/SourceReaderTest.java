package dev.dslc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReaderTest {

    @TempDir
    Path dir;

    @Test
    void read_decodesUtf8_andReportsThePathAsShown() throws IOException {
        Path file = Files.writeString(dir.resolve("xor.nn"), "# \u03c3(x) = 1 / (1 + e\u207b\u02e3)\nmodel Xor\n");
        SourceFile source = SourceReader.read(file, "models/xor.nn");
        assertEquals("models/xor.nn", source.path());
        assertEquals("# \u03c3(x) = 1 / (1 + e\u207b\u02e3)\nmodel Xor\n", source.text());
    }

    @Test
    void read_dropsAByteOrderMark() throws IOException {
        Path file = Files.writeString(dir.resolve("xor.nn"), "\uFEFFmodel Xor\n");
        assertEquals("model Xor\n", SourceReader.read(file, "xor.nn").text());
    }

    @Test
    void read_invalidUtf8_namesTheLineAndOffset() throws IOException {
        byte[] bytes = "model Xor\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("xor.nn"), bytes);
        IOException e = assertThrows(IOException.class, () -> SourceReader.read(file, "xor.nn"));
        assertEquals("xor.nn: not valid UTF-8 (line 2, byte offset 15)", e.getMessage());
    }

    @Test
    void read_truncatedUtf8AtTheEnd_isInvalid() throws IOException {
        Path file = Files.write(dir.resolve("xor.nn"), new byte[] {'a', (byte) 0xE2, (byte) 0x82});
        IOException e = assertThrows(IOException.class, () -> SourceReader.read(file, "xor.nn"));
        assertEquals("xor.nn: not valid UTF-8 (line 1, byte offset 1)", e.getMessage());
    }

    @Test
    void read_directory_saysSo() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("models.nn"));
        IOException e = assertThrows(IOException.class, () -> SourceReader.read(folder, "models.nn"));
        assertEquals("models.nn: is a directory", e.getMessage());
    }

    @Test
    void read_missingFile_saysSo() {
        IOException e = assertThrows(IOException.class, () -> SourceReader.read(dir.resolve("no.nn"), "no.nn"));
        assertEquals("no.nn: no such file", e.getMessage());
    }
}
