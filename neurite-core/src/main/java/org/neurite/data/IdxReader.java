package org.neurite.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.neurite.tensor.MemoryBudget;
import org.neurite.tensor.Tensor;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST: a big-endian magic
 * {@code 0x0000TTDD} (TT = data type, only {@code 0x08} unsigned byte is supported; DD = number of
 * dimensions), DD big-endian 32-bit dimension sizes, then the data row-major.
 * {@code 0x00000801} is a label file (N), {@code 0x00000803} an image file (N, rows, cols).
 *
 * <p>Files may be gzip-compressed or plain; gzip is detected by the 1f 8b magic, not by the name.
 * Allocation is bounded by the header and by the size of the file (a header that claims more data
 * than the file can hold fails before allocating). Malformed files fail with a
 * {@link DataFormatException} whose message names the file and the problem.
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte IDX file with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an unsigned-byte IDX file with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Accept any unsigned-byte IDX magic. */
    public static final int ANY_MAGIC = 0;

    private static final int UNSIGNED_BYTE = 0x08;
    /**
     * Largest size of an axis other than the record count: image sides and feature lengths of
     * real IDX data are far below it, and a header beyond it is corrupt (it would otherwise make
     * the reader and the float conversion ask for gigabytes).
     */
    static final int MAX_DIMENSION = 1 << 16;
    /** Most records times record size accepted, in bytes (1 GiB of pixels, 4 GiB as floats). */
    static final long MAX_PAYLOAD = 1L << 30;

    private IdxReader() {}

    /**
     * The content of an IDX file.
     *
     * @param name file name, for messages
     * @param magic the magic number read
     * @param dims the dimensions; {@code dims[0]} is the number of records actually read (fewer than
     *     the header's if a limit was given)
     * @param data the unsigned bytes, row-major
     */
    public record Idx(String name, int magic, int[] dims, byte[] data) {
        /** @return the number of records (first dimension) */
        public int count() {
            return dims[0];
        }
    }

    /**
     * Reads a whole unsigned-byte IDX file of any rank.
     *
     * @param file the IDX file, plain or gzipped
     * @return its dimensions and bytes
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Idx read(Path file) throws IOException {
        return read(file, ANY_MAGIC, Integer.MAX_VALUE);
    }

    /**
     * Reads the first {@code limit} records of an IDX file whose magic must be {@code expectedMagic}
     * ({@link #ANY_MAGIC} accepts any unsigned-byte IDX). When the whole file is read, trailing
     * bytes after the declared data are an error.
     *
     * @param file the IDX file, plain or gzipped
     * @param expectedMagic the required magic number, or {@link #ANY_MAGIC}
     * @param limit most records to read
     * @return its dimensions and bytes
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Idx read(Path file, int expectedMagic, int limit) throws IOException {
        return read(file, expectedMagic, limit, 1);
    }

    /** As {@link #read(Path, int, int)}; the memory check counts {@code bytesPerValue} per value (5 when converted to floats). */
    private static Idx read(Path file, int expectedMagic, int limit, int bytesPerValue) throws IOException {
        try (DataFiles.Source src = DataFiles.open(file)) {
            return read(src, expectedMagic, limit, bytesPerValue);
        }
    }

    /**
     * As {@link #read(Path, int, int)} from a stream (gzip or plain, detected); {@code name} is used
     * in messages. The stream is read to the needed end and closed. Without a file size the buffer
     * grows with the bytes that arrive, so a lying header cannot cause a large allocation.
     *
     * @param in the stream
     * @param name where it came from, for messages
     * @param expectedMagic the required magic number, or {@link #ANY_MAGIC}
     * @param limit most records to read
     * @return its dimensions and bytes
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Idx read(InputStream in, String name, int expectedMagic, int limit) throws IOException {
        try (DataFiles.Source src = DataFiles.open(in, name)) {
            return read(src, expectedMagic, limit, 1);
        }
    }

    /**
     * Reads an image file ({@code 0x00000803}) as {@code (N, rows, cols, 1)} floats in [0, 1].
     *
     * @param file the image file
     * @return the images
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Tensor readImages(Path file) throws IOException {
        return readImages(file, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} images of an image file, {@code (min(N, limit), rows, cols, 1)} in [0, 1].
     *
     * @param file the image file
     * @param limit most images
     * @return the images
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Tensor readImages(Path file, int limit) throws IOException {
        return images(read(file, IMAGES_MAGIC, limit, 1 + Float.BYTES));
    }

    /**
     * Reads a label file ({@code 0x00000801}) as {@code (N,)} floats holding the class indices.
     *
     * @param file the label file
     * @return the labels
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Tensor readLabels(Path file) throws IOException {
        return readLabels(file, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} labels of a label file.
     *
     * @param file the label file
     * @param limit most labels
     * @return the labels {@code (min(N, limit))}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Tensor readLabels(Path file, int limit) throws IOException {
        return labels(read(file, LABELS_MAGIC, limit, 1 + Float.BYTES));
    }

    /**
     * Converts 3-d IDX content (N, rows, cols) to a channels-last {@code (N, rows, cols, 1)} tensor scaled to [0, 1].
     *
     * @param idx the content
     * @return the images
     */
    public static Tensor images(Idx idx) {
        if (idx.dims().length != 3) {
            throw new IllegalArgumentException(idx.name() + ": expected 3 dimensions (images, rows, cols), the file has "
                    + Arrays.toString(idx.dims()));
        }
        byte[] b = idx.data();
        MemoryBudget.require(idx.name() + " as floats", (long) Float.BYTES * b.length);
        float[] out = new float[b.length];
        float[] scale = DataFiles.UNIT_SCALE;
        for (int i = 0; i < b.length; i++) out[i] = scale[b[i] & 0xff];
        int[] d = idx.dims();
        return Tensor.of(out, d[0], d[1], d[2], 1);
    }

    /**
     * Converts 1-d IDX content to a {@code (N,)} tensor of class indices as floats.
     *
     * @param idx the content
     * @return the labels
     */
    public static Tensor labels(Idx idx) {
        if (idx.dims().length != 1) {
            throw new IllegalArgumentException(idx.name() + ": expected 1 dimension (labels), the file has " + Arrays.toString(idx.dims()));
        }
        byte[] b = idx.data();
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
        return Tensor.of(out, b.length);
    }

    // ---------------------------------------------------------------- parsing

    private static Idx read(DataFiles.Source src, int expectedMagic, int limit, int bytesPerValue) throws IOException {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        String name = src.name;
        byte[] head = new byte[4];
        int got = DataFiles.readUpTo(src, head, 0, 4);
        if (got < 4) {
            throw new DataFormatException(name + ": " + (got == 0 ? "file is empty" : "file holds only " + got + " bytes")
                    + ", too short for an IDX header (4-byte magic number" + expectedSuffix(expectedMagic) + ")");
        }
        int magic = readInt(head, 0);
        checkMagic(src, magic, expectedMagic);
        int rank = head[3] & 0xff;
        byte[] dimBytes = new byte[4 * rank];
        got = DataFiles.readUpTo(src, dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new DataFormatException(name + ": header declares " + rank + " dimensions (" + dimBytes.length
                    + " bytes of sizes) but the file ends after " + (4 + got) + " bytes");
        }
        int[] dims = new int[rank];
        long payload = 1;
        for (int i = 0; i < rank; i++) {
            int d = readInt(dimBytes, 4 * i);
            if (d < 0) {
                throw new DataFormatException(name + ": dimension " + i + " in the header is " + Integer.toUnsignedString(d)
                        + ", larger than any array can hold (malformed header?)");
            }
            if (d > MAX_DIMENSION && !(i == 0 && rank <= 3)) {
                throw new DataFormatException(name + ": dimension " + i + " in the header is " + d + ", more than the "
                        + MAX_DIMENSION + " this reader accepts for a non-record axis (malformed header?)");
            }
            dims[i] = d;
            payload = (d != 0 && payload > (1L << 40) / d) ? 1L << 40 : payload * d; // saturate: reported as too large below
        }
        long headerBytes = 4 + 4L * rank;
        String what = describe(magic, dims);
        String unit = unit(magic);
        if (payload > MAX_PAYLOAD) {
            throw new DataFormatException(name + ": header says " + what + ", " + (payload >= 1L << 40 ? "over 2^40" : payload)
                    + " bytes, more than the " + MAX_PAYLOAD + " bytes (1 GiB) this reader accepts (malformed header?)");
        }
        if (!src.gzip && src.fileSize >= 0) {
            long available = src.fileSize - headerBytes;
            if (available < payload) {
                throw new DataFormatException(name + ": header says " + what + " (" + payload + " bytes) but the file holds only "
                        + available + " bytes of " + unit + " data (truncated file?)");
            }
            if (available > payload) {
                throw new DataFormatException(name + ": header says " + what + " (" + payload + " bytes) but the file holds "
                        + available + " bytes of " + unit + " data, " + (available - payload)
                        + " more than declared (wrong header dimensions?)");
            }
        }
        // gzip or stream: the size is unknown until read; readBounded allocates in step with the bytes that
        // actually arrive (all at once only when the gzip trailer and the file size confirm the header).
        int records = rank == 0 ? 0 : dims[0];
        int n = Math.min(records, limit);
        long rowBytes = rank == 0 ? 0 : (records == 0 ? rowSize(dims) : payload / records);
        long toRead = n * rowBytes;
        MemoryBudget.require(name + " (" + what + ")", toRead * bytesPerValue);
        byte[] data = DataFiles.readBounded(src, toRead, headerBytes);
        if (data.length < toRead) {
            throw new DataFormatException(name + ": header says " + what + " (" + payload + " bytes) but the "
                    + (src.gzip ? "decompressed " : "") + "file holds only " + data.length + " bytes of " + unit + " data"
                    + (src.truncated() ? " (" + src.gzipProblem() + ")" : " (truncated file?)"));
        }
        if (n == records && DataFiles.hasMore(src)) {
            throw new DataFormatException(name + ": the file holds more than the " + payload + " bytes of " + unit
                    + " data declared by the header (" + what + "): wrong header dimensions?");
        }
        src.verifyIntact(); // gzip: CRC32 and length of the whole stream, also when only the first records were wanted
        int[] outDims = dims.clone();
        if (rank > 0) outDims[0] = n;
        return new Idx(name, magic, outDims, data);
    }

    private static long rowSize(int[] dims) {
        long r = 1;
        for (int i = 1; i < dims.length; i++) r *= dims[i];
        return r;
    }

    private static void checkMagic(DataFiles.Source src, int magic, int expected) throws DataFormatException {
        int b0 = magic >>> 24, b1 = (magic >>> 16) & 0xff, type = (magic >>> 8) & 0xff, rank = magic & 0xff;
        boolean wellFormed = b0 == 0 && b1 == 0 && type == UNSIGNED_BYTE && rank >= 1;
        if (wellFormed && (expected == ANY_MAGIC || magic == expected)) return;
        StringBuilder msg = new StringBuilder(src.name).append(": bad magic ").append(DataFiles.hex(magic));
        if (expected != ANY_MAGIC) {
            msg.append(", expected ").append(DataFiles.hex(expected)).append(" (IDX ").append(kind(expected)).append(')');
        } else {
            msg.append(", expected an IDX magic 0x000008DD (unsigned bytes, DD dimensions)");
        }
        if (b0 == 0 && b1 == 0 && type >= 0x09 && type <= 0x0E) {
            msg.append("; data type 0x").append(String.format("%02X", type)).append(" is not supported, only 0x08 (unsigned byte)");
        } else if (magic == LABELS_MAGIC || magic == IMAGES_MAGIC) {
            msg.append("; this is an IDX ").append(kind(magic)).append(" file");
        } else if (Integer.reverseBytes(magic) == LABELS_MAGIC || Integer.reverseBytes(magic) == IMAGES_MAGIC) {
            msg.append("; the bytes are in little-endian order, IDX is big-endian");
        } else if (src.name.endsWith(".gz") && !src.gzip) {
            msg.append("; the name ends in .gz but the content is not gzip-compressed");
        } else {
            msg.append("; not an IDX file?");
        }
        throw new DataFormatException(msg.toString());
    }

    private static String kind(int magic) {
        if (magic == LABELS_MAGIC) return "labels: unsigned bytes, 1 dimension";
        if (magic == IMAGES_MAGIC) return "images: unsigned bytes, 3 dimensions";
        return "unsigned bytes, " + (magic & 0xff) + " dimensions";
    }

    private static String expectedSuffix(int expected) {
        return expected == ANY_MAGIC ? "" : " " + DataFiles.hex(expected);
    }

    private static String describe(int magic, int[] dims) {
        if (dims.length == 1) return dims[0] + " labels";
        if (dims.length == 3) return dims[0] + " images of " + dims[1] + "x" + dims[2];
        StringBuilder sb = new StringBuilder("an array of ");
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : "x").append(dims[i]);
        return sb.toString();
    }

    private static String unit(int magic) {
        int rank = magic & 0xff;
        return rank == 3 ? "pixel" : rank == 1 ? "label" : "array";
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }
}
