package dev.dslc.compiler.cli;

import dev.dslc.runtime.CsvFile;
import dev.dslc.runtime.CsvFileException;
import dev.dslc.runtime.Dataset;
import dev.dslc.runtime.Model;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a CSV file of examples for {@code train} and {@code predict} (see
 * {@link CsvFile} for the format), reporting what is wrong with it as
 * {@code file:line: error: reason}, or as a {@code dslc: error:} line when the
 * file cannot be read at all.
 *
 * <pre>{@code
 * Dataset data = ExampleFile.read("iris.csv", model, terminal);
 * // iris.csv:17: error: column 2: 'abc' is not a number
 * }</pre>
 */
final class ExampleFile {

    private ExampleFile() {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    /** Inputs and targets for {@code model}. */
    static Dataset read(String file, Model model, Terminal terminal) throws CommandFailure {
        return read(file, terminal, path -> CsvFile.read(path, model));
    }

    /** Inputs for {@code model}, with any targets in the file left out. */
    static double[][] readInputs(String file, Model model, Terminal terminal) throws CommandFailure {
        return read(file, terminal, path -> CsvFile.readInputs(path, model.inputSize(), model.targetSize()));
    }

    /**
     * Reads {@code file} (as typed); bad contents exit with status 1, a file
     * that cannot be read with status 2.
     */
    private static <T> T read(String file, Terminal terminal, Reader<T> reader) throws CommandFailure {
        Path path = terminal.resolve(file);
        try {
            if (Files.isDirectory(path)) {
                terminal.error(file + ": is a directory");
                throw new CommandFailure(ExitStatus.USAGE_OR_IO);
            }
            return reader.read(path);
        } catch (CsvFileException e) {
            terminal.err().println(file + ":" + e.line() + ": error: " + e.reason());
            throw new CommandFailure(ExitStatus.COMPILE_ERRORS);
        } catch (NoSuchFileException e) {
            terminal.error(file + ": no such file");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        } catch (AccessDeniedException e) {
            terminal.error(file + ": permission denied");
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        } catch (IOException e) {
            terminal.error(file + ": cannot read: " + e.getMessage());
            throw new CommandFailure(ExitStatus.USAGE_OR_IO);
        }
    }
}
