package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {
    @TempDir
    Path directory;

    private static TestModel softmax(double first) {
        TestModel model = new SoftmaxRegression(2, 3);
        for (int i = 0; i < model.parameters.length; i++) {
            model.parameters[i] = first + i * 0.1;
        }
        return model;
    }

    /** Expects {@code load} to fail with a message containing {@code expected} and leave the model unchanged. */
    private static String refused(Model model, Path file, String expected) {
        double[] before = model.parameters().clone();
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> ParameterFile.load(model, file));
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertArrayEquals(before, model.parameters(), "a failed load changed the parameters");
        return e.getMessage();
    }

    /** Saves a known model to {@code file} and returns its bytes. */
    private byte[] savedFile(Path file) throws IOException {
        ParameterFile.save(softmax(1.0), file);
        return Files.readAllBytes(file);
    }

    @Test
    void saveThenLoad_restoresEveryBit() throws IOException {
        TestModel saved = softmax(1.0);
        saved.parameters[0] = -0.0;
        saved.parameters[1] = Double.MIN_VALUE;
        saved.parameters[2] = Double.NaN;
        Path file = directory.resolve("softmax.params");
        ParameterFile.save(saved, file);
        Model loaded = softmax(5.0);
        ParameterFile.load(loaded, file);
        for (int i = 0; i < saved.parameters.length; i++) {
            assertEquals(Double.doubleToRawLongBits(saved.parameters[i]),
                    Double.doubleToRawLongBits(loaded.parameters()[i]), "element " + i);
        }
    }

    @Test
    void save_replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = directory.resolve("model.params");
        ParameterFile.save(softmax(1.0), file);
        ParameterFile.save(softmax(2.0), file);
        Model loaded = softmax(0.0);
        ParameterFile.load(loaded, file);
        assertEquals(2.0, loaded.parameters()[0]);
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void save_fallsBackToReplaceWhereAtomicMovesAreUnsupported() throws IOException {
        Path file = directory.resolve("model.params");
        ParameterFile.save(softmax(1.0), file);
        List<String> attempts = new ArrayList<>();
        ParameterFile.save(softmax(3.0), file, (source, target, options) -> {
            attempts.add(Arrays.toString(options));
            if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "test");
            }
            Files.move(source, target, options);
        });
        assertEquals(List.of("[ATOMIC_MOVE]", "[REPLACE_EXISTING]"), attempts);
        Model loaded = softmax(0.0);
        ParameterFile.load(loaded, file);
        assertEquals(3.0, loaded.parameters()[0]);
    }

    @Test
    void failedSave_keepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] old = savedFile(file);
        IOException e = assertThrows(IOException.class, () -> ParameterFile.save(softmax(2.0), file,
                (source, target, options) -> {
                    throw new IOException("disk full");
                }));
        assertEquals(file + ": disk full", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void differentShape_isRefusedNamingBothShapes() throws IOException {
        Path file = directory.resolve("model.params");
        ParameterFile.save(new SoftmaxRegression(2, 3), file);
        String message = refused(new SoftmaxRegression(3, 3), file, "different model layout");
        assertTrue(message.contains("parameter 1 differs in shape: W[3, 2]@0 in the file, W[3, 3]@0 in the model"),
                message);
    }

    @Test
    void differentName_isRefusedNamingBoth() throws IOException {
        Path file = directory.resolve("model.params");
        ParameterFile.save(new LinearRegression(2), file);
        String message = refused(new LogisticRegression(2), file, "differs in name");
        assertTrue(message.contains("w[2]@0 in the file, weights[2]@0 in the model"), message);
    }

    @Test
    void differentSizesOrOrder_areRefused() throws IOException {
        Path file = directory.resolve("model.params");
        ParameterFile.save(new TestModelOfLayout("a", new int[] {2}, "b", new int[] {2}), file);
        refused(new TestModelOfLayout("a", new int[] {3}, "b", new int[] {1}), file,
                "parameter 1 differs in shape");
        refused(new TestModelOfLayout("b", new int[] {2}, "a", new int[] {2}), file, "differs in name");
    }

    @Test
    void offsetOnlyDifference_isNamedAsOffset() {
        // generated layouts are contiguous, so only a hand-made layout with a gap differs in offset alone
        List<Parameter> file = List.of(new Parameter("a", 0, new int[] {2}), new Parameter("b", 2, new int[0]));
        List<Parameter> model = List.of(new Parameter("a", 0, new int[] {2}), new Parameter("b", 3, new int[0]));
        assertEquals("parameter 2 differs in offset: b[]@2 in the file, b[]@3 in the model (name[shape]@offset)",
                LayoutDifference.between(file, 3, model, 4).orElseThrow());
        assertEquals("the file has 3 parameter values, the model 4",
                LayoutDifference.between(file, 3, file, 4).orElseThrow());
        assertTrue(LayoutDifference.between(file, 3, List.copyOf(file), 3).isEmpty());
    }

    @Test
    void missingOrExtraParameter_isRefusedNamingIt() throws IOException {
        Path two = directory.resolve("two.params");
        Path one = directory.resolve("one.params");
        ParameterFile.save(new TestModelOfLayout("a", new int[] {2}, "b", new int[] {2}), two);
        ParameterFile.save(new TestModelOfLayout("a", new int[] {2}), one);
        refused(new TestModelOfLayout("a", new int[] {2}), two, "the file's parameter b[2]@2 is not in the model");
        refused(new TestModelOfLayout("a", new int[] {2}, "b", new int[] {2}), one,
                "the model's parameter b[2]@2 is not in the file");
    }

    @Test
    void truncationAtEveryByte_isReportedAsTruncatedAndLoadsNothing() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] whole = savedFile(file);
        Path truncated = directory.resolve("truncated.params");
        Model model = softmax(7.0);
        for (int length = 0; length < whole.length; length++) {
            Files.write(truncated, Arrays.copyOf(whole, length));
            refused(model, truncated, "truncated");
        }
    }

    @Test
    void aFlippedBitAnywhere_isAnErrorAndLoadsNothing() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] whole = savedFile(file);
        Model model = softmax(7.0);
        for (int position = 0; position < whole.length; position++) {
            byte[] damaged = whole.clone();
            damaged[position] ^= 0x10;
            Files.write(file, damaged);
            refused(model, file, "");
        }
    }

    @Test
    void damagedValues_failTheChecksum() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] damaged = savedFile(file);
        damaged[damaged.length - 10] ^= 1;
        Files.write(file, damaged);
        refused(softmax(0.0), file, "corrupt: checksum mismatch");
    }

    @Test
    void trailingBytes_areCorruption() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] whole = savedFile(file);
        Files.write(file, Arrays.copyOf(whole, whole.length + 3));
        refused(softmax(0.0), file, "3 unexpected bytes after the end");
    }

    @Test
    void anotherKindOfFile_isNotAParameterFile() throws IOException {
        Path file = directory.resolve("notes.txt");
        Files.writeString(file, "just some text, long enough to hold a header");
        refused(softmax(0.0), file, "not a dslc parameter file");
    }

    @Test
    void anotherVersion_isRefusedNamingBoth() throws IOException {
        Path file = directory.resolve("model.params");
        byte[] bytes = savedFile(file);
        ByteBuffer.wrap(bytes).putInt(8, 2);
        Files.write(file, bytes);
        refused(softmax(0.0), file, "unsupported format version 2; this runtime reads version 1");
    }

    @Test
    void wellFramedButInconsistentBody_isCorruptNotAnArrayError() throws IOException {
        // a writer bug: the counts promise more values than the body holds, with a valid checksum
        byte[] file = ParameterFileFormat.encode(List.of(new Parameter("w", 0, new int[] {1})), new double[1]);
        ByteBuffer.wrap(file).putInt(20, 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> ParameterFileFormat.decode(file));
        assertTrue(e.getMessage().startsWith("corrupt"), e.getMessage());
    }

    @Test
    void missingFile_isAnOrdinaryIoError() {
        assertThrows(NoSuchFileException.class,
                () -> ParameterFile.load(softmax(0.0), directory.resolve("absent.params")));
    }

    /** Expects {@code save} to fail with {@code type}, naming {@code file} and no other, and to leave nothing behind. */
    private <T extends FileSystemException> T saveRefused(Class<T> type, Path file, ParameterFile.Mover mover)
            throws IOException {
        List<Path> before = listing();
        T e = assertThrows(type, () -> ParameterFile.save(softmax(1.0), file, mover));
        assertEquals(file.toString(), e.getFile());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertEquals(before, listing(), "a failed save left a file behind");
        return e;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void save_intoAMissingDirectory_namesTheFileNotTheTemporaryOne() throws IOException {
        Path file = directory.resolve("absent/model.params");
        NoSuchFileException e = saveRefused(NoSuchFileException.class, file, Files::move);
        assertEquals(file + ": no such directory", e.getMessage());
    }

    @Test
    void save_overADirectory_orUnderAFile_namesTheFile() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("model.params"));
        assertEquals(folder + ": is a directory", saveRefused(FileSystemException.class, folder, Files::move)
                .getMessage());
        Path underAFile = Files.writeString(directory.resolve("notes.txt"), "x").resolve("model.params");
        assertEquals(underAFile + ": not a directory", saveRefused(FileSystemException.class, underAFile,
                Files::move).getMessage());
    }

    @Test
    void save_deniedTheMove_namesTheFile() throws IOException {
        Path file = directory.resolve("model.params");
        AccessDeniedException e = saveRefused(AccessDeniedException.class, file, (source, target, options) -> {
            throw new AccessDeniedException(source.toString());
        });
        assertEquals(file + ": permission denied", e.getMessage());
        assertTrue(e.getCause().getMessage().endsWith(".tmp"), "the cause keeps the details");
    }

    @Test
    void save_toARelativePath_namesItAsGiven() throws IOException {
        Path relative = Path.of("no-such-directory-" + System.nanoTime(), "model.params");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> ParameterFile.save(softmax(1.0), relative));
        assertEquals(relative + ": no such directory", e.getMessage());
    }

    @Test
    void load_fromADirectory_namesIt() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("model.params"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> ParameterFile.load(softmax(0), folder));
        assertEquals(folder + ": is a directory", e.getMessage());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> ParameterFile.load(softmax(0), directory.resolve("absent.params")));
        assertEquals(directory.resolve("absent.params").toString(), missing.getFile());
    }
}
