package dev.dslc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are written whole: a reader never sees a mixture of an old and a
 * new file, however writers race, and a writer killed mid-write leaves the
 * old file or the new one.
 */
class AtomicWriteTest {
    private static final String OLD = "a".repeat(300_000);
    private static final String NEW = "b".repeat(200_000) + "\n";

    @TempDir
    Path folder;

    @Test
    void racingWritersAndAReader_theReaderOnlyEverSeesWholeFiles() throws Exception {
        Path target = folder.resolve("com/example/Xor.java");
        AtomicWriter.write(target, OLD);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                String seen = read(target);
                if (!seen.equals(OLD) && !seen.equals(NEW)) {
                    torn.set(seen.length() + " characters");
                }
            }
        });
        List<Thread> writers = Stream.of(OLD, NEW, OLD, NEW).map(text -> new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                AtomicWriter.write(target, i % 2 == 0 ? text : (text.equals(OLD) ? NEW : OLD));
            }
        })).toList();
        reader.start();
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        stop.set(true);
        reader.join();

        assertEquals(null, torn.get(), "a reader saw a partial file");
        assertEquals(Set.of(target.getFileName()), names(target.getParent()), "temporary files left behind");
    }

    @Test
    void writerKilledMidWrite_leavesTheOldFileOrTheNewOne() throws Exception {
        Path target = folder.resolve("Model.java");
        AtomicWriter.write(target, OLD);
        for (int attempt = 0; attempt < 3; attempt++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WriteForever.class.getName(), target.toString())
                    .redirectErrorStream(true).start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!read(target).equals(NEW) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the child is writing
            }
            Thread.sleep(10 + 30L * attempt);
            writer.destroyForcibly().waitFor();

            String left = Files.readString(target);
            assertTrue(left.equals(OLD) || left.equals(NEW), "a killed writer left " + left.length() + " characters");
        }
    }

    /** Writes the two texts in turn until killed. */
    static final class WriteForever {
        public static void main(String[] args) {
            Path target = Path.of(args[0]);
            for (int i = 0; ; i++) {
                AtomicWriter.write(target, i % 2 == 0 ? NEW : OLD);
            }
        }
    }

    /** AtomicFileWriter with its IOException turned unchecked, for lambdas. */
    private static final class AtomicWriter {
        static void write(Path target, String text) {
            try {
                AtomicFileWriter.write(target, text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<Path> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return Set.copyOf(files.map(Path::getFileName).toList());
        }
    }
}
