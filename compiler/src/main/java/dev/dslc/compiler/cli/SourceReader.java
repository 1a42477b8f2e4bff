package dev.dslc.compiler.cli;

import dev.dslc.compiler.diagnostic.SourceFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@code .nn} file as strict UTF-8. Every failure is an
 * {@link IOException} whose message names the file as the user typed it and
 * says what is wrong, ready to print after {@code dslc: error: }.
 */
final class SourceReader {

    private SourceReader() {
    }

    /**
     * Reads {@code file}, reporting it as {@code shownPath}.
     *
     * <pre>{@code
     * SourceFile xor = SourceReader.read(Path.of("/home/me/xor.nn"), "xor.nn");
     * }</pre>
     */
    static SourceFile read(Path file, String shownPath) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(shownPath + ": is a directory");
        }
        return new SourceFile(shownPath, decode(readBytes(file, shownPath), shownPath));
    }

    private static byte[] readBytes(Path file, String shownPath) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(shownPath + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(shownPath + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException(shownPath + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Decodes strictly: a wrong byte is an error, never a silent U+FFFD. */
    private static String decode(byte[] bytes, String shownPath) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new IOException(shownPath + ": not valid UTF-8 (line " + lineOf(bytes, offset)
                    + ", byte offset " + offset + ")");
        }
        return withoutByteOrderMark(out.flip().toString());
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    /** Some editors start UTF-8 files with U+FEFF; it is not part of the model. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
