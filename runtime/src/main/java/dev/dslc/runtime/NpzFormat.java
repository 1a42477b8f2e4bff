package dev.dslc.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} format: a zip archive with one {@code NAME.npy} entry
 * per array, stored ({@code numpy.savez}) or deflated
 * ({@code numpy.savez_compressed}). dslc writes stored entries, like
 * {@code numpy.savez}, with a fixed timestamp so that the same parameters make
 * the same bytes, and puts its metadata in the archive's comment, where NumPy
 * does not see it.
 */
final class NpzFormat {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int END_OF_DIRECTORY_LENGTH = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final LocalDateTime TIMESTAMP = LocalDateTime.of(1980, 1, 1, 0, 0);

    private NpzFormat() {
    }

    /** Reads every array the model has a parameter for into {@code binder}; throws at the first fatal problem. */
    static void read(SeekableByteChannel channel, TensorBinder binder) throws IOException {
        long size = channel.size();
        int start = size < 4 ? 0 : WeightFile.readFully(channel, 0, 4).getInt();
        if (start != LOCAL_HEADER && start != END_OF_DIRECTORY) {
            throw binder.fatal(size == 0 ? "the file is empty"
                    : "not a .npz file: it does not start as a zip archive does");
        }
        int listed = directorySize(channel, size, binder);
        int found = 0;
        channel.position(0);
        // Not closed: that would close the channel, which belongs to the caller.
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        try {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                found++;
                String name = entry.getName();
                if (!entry.isDirectory()) {
                    Parameter parameter = binder.target(name.endsWith(".npy")
                            ? name.substring(0, name.length() - 4) : name);
                    if (parameter != null) {
                        readArray(zip, name, parameter, binder);
                    }
                }
            }
        } catch (ZipException | EOFException e) {
            throw binder.fatal("truncated or corrupt zip archive: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw binder.fatal("corrupt zip archive: an entry's name is not valid text");
        }
        if (listed != 0xFFFF && found != listed) {
            throw binder.fatal("corrupt zip archive: its directory lists " + listed + " entries, but "
                    + found + " were found");
        }
    }

    /** A zip archive of {@code layout}'s parameters from {@code values}, each under the file's name for it. */
    static byte[] encode(List<Parameter> layout, double[] values, WeightOptions options, String metadataJson) {
        TensorDtype dtype = TensorDtype.of(options.precision());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Parameter parameter : layout) {
                byte[] array = NpyFormat.encode(parameter.shape(), dtype, values, parameter.offset());
                ZipEntry entry = new ZipEntry(options.fileName(parameter.name()) + ".npy");
                CRC32 crc = new CRC32();
                crc.update(array);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(array.length);
                entry.setCompressedSize(array.length);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(TIMESTAMP);
                zip.putNextEntry(entry);
                zip.write(array);
                zip.closeEntry();
            }
            zip.setComment(metadataJson);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayOutputStream does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static void readArray(InputStream entry, String name, Parameter parameter, TensorBinder binder)
            throws IOException {
        NpyFormat.Header header;
        try {
            header = NpyFormat.readHeader(entry);
        } catch (NpyFormat.Malformed e) {
            binder.problem("entry " + JsonHeader.quote(name) + ": " + e.getMessage());
            return;
        }
        TensorDtype dtype = NpyFormat.dtypeOf(header.descr());
        String dtypeName = "'" + header.descr() + "'" + (header.descr().startsWith(">") ? " (big-endian)" : "");
        if (!binder.accepts(parameter, dtypeName, dtype, header.shape())) {
            return;
        }
        long length = (long) parameter.size() * dtype.size();
        int chunk = CHUNK_BYTES - CHUNK_BYTES % dtype.size();
        for (long done = 0; done < length; done += chunk) {
            byte[] bytes = entry.readNBytes((int) Math.min(chunk, length - done));
            if (bytes.length < Math.min(chunk, length - done)) {
                binder.problem("entry " + JsonHeader.quote(name) + " is truncated: its shape "
                        + TensorBinder.shapeText(header.shape()) + " needs " + length + " bytes of data, it has "
                        + (done + bytes.length));
                return;
            }
            binder.stage(parameter, dtype, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN),
                    done / dtype.size(), header.fortranOrder());
        }
        if (entry.read() >= 0) {
            // fatal, so that the rest of an entry that may never end (a deflate bomb) is not read
            throw binder.fatal("entry " + JsonHeader.quote(name) + " has more data than its shape "
                    + TensorBinder.shapeText(header.shape()) + " needs");
        }
    }

    /** How many entries the end-of-central-directory record lists; throws if the archive has none. */
    private static int directorySize(SeekableByteChannel channel, long size, TensorBinder binder)
            throws IOException {
        int tail = (int) Math.min(size, END_OF_DIRECTORY_LENGTH + MAX_COMMENT);
        ByteBuffer end = WeightFile.readFully(channel, size - tail, tail);
        for (int at = tail - END_OF_DIRECTORY_LENGTH; at >= 0; at--) {
            if (end.getInt(at) == END_OF_DIRECTORY
                    && at + END_OF_DIRECTORY_LENGTH + (end.getShort(at + 20) & 0xFFFF) == tail) {
                return end.getShort(at + 10) & 0xFFFF;
            }
        }
        throw binder.fatal("truncated: the zip archive does not end with its central directory");
    }
}
