package dev.dslc.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Loads and saves a model's parameters in the formats the Python world
 * exchanges weights in, chosen by the file's extension: {@code .safetensors}
 * (as {@code safetensors.torch.save_file} writes it) and {@code .npz} (as
 * {@code numpy.savez} writes it). Any other extension is dslc's own
 * {@link ParameterFile} format, which takes no options.
 *
 * <p>Each tensor's name is a parameter's name, unless {@link WeightOptions}
 * maps it; its shape must be the parameter's declared shape exactly (a
 * scalar's is {@code []}), row-major. Loading reads F64, F32, F16 and BF16
 * (and for {@code .npz}: {@code <f8}, {@code <f4}, {@code <f2}, in C or
 * Fortran order), all little-endian, and refuses a file with a missing or
 * extra tensor, a wrong shape or dtype, a NaN or an infinity, or any sign of
 * truncation or corruption, with a {@link WeightFileException} that lists
 * every problem; the model is then untouched. Saving writes F64 unless asked
 * for F32, records the model's class name and the dslc version (in
 * {@code __metadata__}, or the zip comment), and replaces the file atomically,
 * as {@link ParameterFile#save} does.
 *
 * <pre>{@code
 * Mlp model = new Mlp();
 * WeightFile.load(model, Path.of("mlp.safetensors"),
 *         WeightOptions.defaults().renaming(Map.of("fc1.weight", "W1", "fc1.bias", "b1")));
 * WeightFile.save(model, Path.of("mlp.npz"));   // then numpy.load("mlp.npz")["W1"]
 * }</pre>
 */
public final class WeightFile {

    /** The formats, by extension. */
    enum Format {
        SAFETENSORS, NPZ, DSLC;

        static Format of(Path path) {
            String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".safetensors") ? SAFETENSORS : name.endsWith(".npz") ? NPZ : DSLC;
        }
    }

    private WeightFile() {
    }

    /**
     * {@return whether {@code path}'s extension names a format this class reads, rather than dslc's own}
     *
     * @param path the file
     */
    public static boolean isExchangeFormat(Path path) {
        return Format.of(path) != Format.DSLC;
    }

    /**
     * Loads with {@link WeightOptions#defaults()}.
     *
     * @param model the model whose parameters are replaced
     * @param path  the file: by extension {@code .safetensors}, {@code .npz}, or else dslc's own format
     * @throws IOException as {@link #load(Model, Path, WeightOptions)} does
     */
    public static void load(Model model, Path path) throws IOException {
        load(model, path, WeightOptions.defaults());
    }

    /**
     * Replaces the model's parameters with the tensors in {@code path}.
     *
     * @param model   the model whose parameters are replaced
     * @param path    the file: by extension {@code .safetensors}, {@code .npz}, or else dslc's own format
     * @param options renames and what is tolerated
     * @throws WeightFileException      listing what is wrong with the file; the model is then unchanged
     * @throws ParameterFileException   from {@link ParameterFile#load} for a file in dslc's format
     * @throws IllegalArgumentException if a rename names no parameter of the model, or options other than the
     *                                  defaults are given for dslc's format
     * @throws IOException              if the file cannot be read
     */
    public static void load(Model model, Path path, WeightOptions options) throws IOException {
        Format format = checked(model, path, options);
        if (format == Format.DSLC) {
            ParameterFile.load(model, path);
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            load(model, path, channel, format, options);
        }
    }

    /** Loads from {@code channel}; {@code path} only names the file in errors. */
    static void load(Model model, Path path, SeekableByteChannel channel, Format format, WeightOptions options)
            throws IOException {
        TensorBinder binder = new TensorBinder(path, model, options);
        if (format == Format.SAFETENSORS) {
            SafetensorsFormat.read(channel, binder);
        } else {
            NpzFormat.read(channel, binder);
        }
        binder.copyInto(model);
    }

    /**
     * Saves with {@link WeightOptions#defaults()}.
     *
     * @param model the model whose parameters are written
     * @param path  the file: by extension {@code .safetensors}, {@code .npz}, or else dslc's own format
     * @throws IOException as {@link #save(Model, Path, WeightOptions)} does
     */
    public static void save(Model model, Path path) throws IOException {
        save(model, path, WeightOptions.defaults());
    }

    /**
     * Writes the model's parameters to {@code path}, replacing any existing
     * file atomically.
     *
     * @param model   the model whose parameters are written
     * @param path    the file: by extension {@code .safetensors}, {@code .npz}, or else dslc's own format
     * @param options renames and the precision written
     * @throws WeightFileException      if F32 is asked for and a value is too large for a float
     * @throws IllegalArgumentException if a rename names no parameter of the model, or options other than the
     *                                  defaults are given for dslc's format
     * @throws IOException              if the file cannot be written
     */
    public static void save(Model model, Path path, WeightOptions options) throws IOException {
        Format format = checked(model, path, options);
        if (format == Format.DSLC) {
            ParameterFile.save(model, path);
            return;
        }
        if (options.precision() == WeightOptions.Precision.F32) {
            requireFloatRange(model, path);
        }
        String metadata = "{\"model\":" + JsonHeader.quote(model.getClass().getName()) + ",\"dslc_version\":"
                + JsonHeader.quote(RuntimeVersion.current()) + "}";
        byte[] bytes = format == Format.SAFETENSORS
                ? SafetensorsFormat.encode(model.parameterLayout(), model.parameters(), options, metadata)
                : NpzFormat.encode(model.parameterLayout(), model.parameters(), options, metadata);
        ParameterFile.write(path, bytes, Files::move);
    }

    /** {@code length} bytes from {@code position}, little-endian; the caller has checked they are in the file. */
    static ByteBuffer readFully(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the file ended while it was read: did another program change it?");
            }
        }
        return buffer.flip();
    }

    /** {@code path}'s format, once the options are known to suit it and the model. */
    private static Format checked(Model model, Path path, WeightOptions options) {
        Format format = Format.of(path);
        if (format != Format.DSLC) {
            options.checkRenames(model.parameterLayout());
        } else if (!options.isDefault()) {
            throw new IllegalArgumentException("renames, extra tensors, non-finite values and F32 apply to"
                    + " .safetensors and .npz files, not to " + path.getFileName() + " (dslc's parameter format)");
        }
        return format;
    }

    /** Rounding to F32 is asked for; overflowing to infinity would lose a value without a word. */
    private static void requireFloatRange(Model model, Path path) throws WeightFileException {
        double[] values = model.parameters();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && Float.isInfinite((float) values[i])) {
                throw new WeightFileException(path, List.of(ParameterLocation.of(model.parameterLayout(), i)
                        + " = " + values[i] + " is too large for F32; save it as F64"));
            }
        }
    }
}
