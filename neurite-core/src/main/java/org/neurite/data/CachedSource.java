package org.neurite.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.neurite.io.AtomicFile;
import org.neurite.tensor.Shape;

/**
 * A {@link SampleSource} written once to a file and read back memory-mapped, so that data decoded
 * or computed once (an image folder, a transformed table) is read at disk/page-cache speed and never
 * loaded whole into the heap. Files larger than 2 GB are mapped in several pieces of whole samples.
 * Reads are safe from several threads (each read slices the read-only mapping). The mappings are
 * released by the garbage collector: there is nothing to close.
 *
 * <p>Format (all little-endian):
 * <pre>
 * bytes 0..7   magic "NRTCACHE"
 * uint32       version (1)
 * int64        N, the number of samples
 * uint32       feature rank r, then r x uint32 feature dims
 * uint32       target rank t, then t x uint32 target dims
 * N rows       each: featureShape.size() float32 then targetShape.size() float32
 * </pre>
 * The file is written to a temporary file and renamed (all or nothing, see {@link AtomicFile}). On
 * open, the magic, version, shapes and the exact file size are checked; a short or corrupt file is
 * an error naming the file. Values are not checksummed (that would read the whole file at open).
 */
public final class CachedSource implements SampleSource {
    private static final byte[] MAGIC = "NRTCACHE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** Largest mapping, in bytes (below the 2 GB limit of one MappedByteBuffer). */
    static int maxChunkBytes = 1 << 30;

    private final Path file;
    private final int size;
    private final Shape featureShape;
    private final Shape targetShape;
    private final int featureLen;
    private final int targetLen;
    private final long rowBytes;
    private final int rowsPerChunk;
    private final MappedByteBuffer[] chunks;

    private CachedSource(Path file, int size, Shape featureShape, Shape targetShape, long dataStart, FileChannel ch) throws IOException {
        this.file = file;
        this.size = size;
        this.featureShape = featureShape;
        this.targetShape = targetShape;
        this.featureLen = featureShape.size();
        this.targetLen = targetShape.size();
        this.rowBytes = 4L * (featureLen + targetLen);
        if (rowBytes > maxChunkBytes) throw new DataFormatException(file + ": one sample is " + rowBytes + " bytes, more than the " + maxChunkBytes + " bytes of one mapping");
        this.rowsPerChunk = (int) Math.max(1, maxChunkBytes / rowBytes);
        int n = size == 0 ? 0 : (size - 1) / rowsPerChunk + 1;
        this.chunks = new MappedByteBuffer[n];
        for (int c = 0; c < n; c++) {
            long firstRow = (long) c * rowsPerChunk;
            long rows = Math.min(rowsPerChunk, size - firstRow);
            chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + firstRow * rowBytes, rows * rowBytes);
            chunks[c].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Writes every sample of {@code source} to {@code file} (atomically; reading in parallel, writing in order).
     *
     * @param source the samples to cache
     * @param file the cache file to (re)write
     * @throws IOException if the file cannot be written
     */
    public static void write(SampleSource source, Path file) throws IOException {
        int n = source.size();
        Shape fs = source.featureShape(), ts = source.targetShape();
        int fl = fs.size(), tl = ts.size();
        AtomicFile.write(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            ByteBuffer head = ByteBuffer.allocate(8 + 4 + 8 + 4 + 4 * fs.rank() + 4 + 4 * ts.rank()).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(VERSION).putLong(n).putInt(fs.rank());
            for (int v : fs.dims()) head.putInt(v);
            head.putInt(ts.rank());
            for (int v : ts.dims()) head.putInt(v);
            d.write(head.array());
            int block = (int) Math.max(1, Math.min(1024, (16L << 20) / (4L * (fl + tl) + 1)));
            float[] x = new float[block * fl], y = new float[block * tl];
            ByteBuffer row = ByteBuffer.allocate(4 * (fl + tl)).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < n; from += block) {
                int start = from, m = Math.min(block, n - from);
                java.util.stream.IntStream.range(0, m).parallel().forEach(k -> source.read(start + k, x, k * fl, y, k * tl));
                for (int k = 0; k < m; k++) {
                    row.clear();
                    row.asFloatBuffer().put(x, k * fl, fl).put(y, k * tl, tl);
                    d.write(row.array());
                }
            }
            d.flush();
        });
    }

    /**
     * Opens a cache file written by {@link #write}.
     *
     * @param file the cache file
     * @return a source reading from it
     * @throws IOException if the file cannot be read or is not a valid cache
     */
    public static CachedSource open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(fileSize, 1024)).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) { /* fill */ }
            head.flip();
            if (head.remaining() < 28 || !Arrays.equals(Arrays.copyOf(head.array(), 8), MAGIC)) {
                throw new DataFormatException(file + ": not a Neurite cache file (it should start with \"NRTCACHE\")");
            }
            head.position(8);
            int version = head.getInt();
            if (version != VERSION) throw new DataFormatException(file + ": cache format version " + version + " is not supported (this library reads " + VERSION + ")");
            long n = head.getLong();
            Shape fs = readShape(head, file, "feature");
            Shape ts = readShape(head, file, "target");
            if (n < 0 || n > Integer.MAX_VALUE) throw new DataFormatException(file + ": corrupt header: " + n + " samples");
            long dataStart = head.position();
            long expected = dataStart + n * 4L * (fs.size() + (long) ts.size());
            if (fileSize != expected) {
                throw new DataFormatException(file + ": truncated or corrupt cache: " + n + " samples of " + fs + " -> " + ts + " need " + expected
                        + " bytes, the file has " + fileSize);
            }
            return new CachedSource(file, (int) n, fs, ts, dataStart, ch);
        }
    }

    /**
     * The cache of {@code source} at {@code file}: opened if it exists with the same sample count and
     * shapes (its content is trusted to be that source's, as Keras' {@code cache(filename)} does),
     * written first otherwise.
     *
     * @param source the samples
     * @param file the cache file
     * @return a source reading from the cache
     * @throws IOException if the file cannot be read or written
     */
    public static CachedSource cache(SampleSource source, Path file) throws IOException {
        if (Files.exists(file)) {
            CachedSource c = open(file);
            if (c.size == source.size() && c.featureShape.equals(source.featureShape()) && c.targetShape.equals(source.targetShape())) return c;
        }
        write(source, file);
        return open(file);
    }

    private static Shape readShape(ByteBuffer b, Path file, String what) throws DataFormatException {
        if (b.remaining() < 4) throw new DataFormatException(file + ": truncated header (" + what + " rank)");
        int rank = b.getInt();
        if (rank < 0 || rank > 16 || b.remaining() < 4 * rank) throw new DataFormatException(file + ": corrupt header: " + what + " rank " + rank);
        int[] d = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            d[i] = b.getInt();
            size *= d[i];
            if (d[i] < 0 || size > Integer.MAX_VALUE) throw new DataFormatException(file + ": corrupt header: " + what + " dimension " + d[i]);
        }
        return Shape.of(d);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Shape featureShape() {
        return featureShape;
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        Objects.checkIndex(index, size);
        MappedByteBuffer chunk = chunks[index / rowsPerChunk];
        int at = (int) ((index % rowsPerChunk) * rowBytes);
        // a slice per read: its own position, so concurrent readers never share a cursor
        var floats = chunk.slice(at, (int) rowBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        floats.get(x, xOffset, featureLen).get(y, yOffset, targetLen);
    }

    /** @return the cache file */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "CachedSource(" + file + ": " + size + " samples, " + featureShape + " -> " + targetShape + ", " + chunks.length + " mapping(s))";
    }
}
