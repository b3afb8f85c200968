package org.neurite.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.neurite.io.ErrorText;
import org.neurite.io.InputFiles;

/** Package-private helpers shared by the binary readers: gzip detection, bounded reads, byte scaling. */
final class DataFiles {
    private DataFiles() {}

    /** {@code SCALE[b] = b / 255} as float32, for unsigned bytes 0..255. */
    static final float[] UNIT_SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) UNIT_SCALE[i] = (float) (i / 255.0);
    }

    /** Largest amount deflate can expand data (about 1032:1), used to bound allocations of gzip content. */
    static final long MAX_DEFLATE_RATIO = 1032;

    /** An opened data source: the (decompressed) stream and what we know of its size. */
    static final class Source implements AutoCloseable {
        final String name;
        final InputStream in;
        final boolean gzip;
        /** Size of the file on disk, or -1 if unknown (a resource stream). */
        final long fileSize;
        /**
         * Decompressed size if known: the file size for plain files; the gzip trailer's ISIZE
         * (size mod 2^32) for gzip files, only a hint; -1 if unknown.
         */
        final long sizeHint;
        /**
         * The first error of a gzip stream: truncated or corrupt deflate data, or a trailer whose
         * CRC32 or length disagrees with the data; null while the stream is intact.
         */
        IOException gzipError;

        Source(String name, InputStream in, boolean gzip, long fileSize, long sizeHint) {
            this.name = name;
            this.in = in;
            this.gzip = gzip;
            this.fileSize = fileSize;
            this.sizeHint = sizeHint;
        }

        /** True once the gzip stream has failed (see {@link #gzipError}). */
        boolean truncated() {
            return gzipError != null;
        }

        /** What went wrong with the gzip stream, for messages. */
        String gzipProblem() {
            if (gzipError == null) return "the gzip stream is intact";
            String m = String.valueOf(gzipError.getMessage());
            if (m.contains("GZIP trailer")) return "the gzip CRC32/length check failed: the file is corrupt";
            if (gzipError instanceof EOFException) return "the gzip stream is truncated";
            return "the gzip data is corrupt (" + ErrorText.quote(m) + ")";
        }

        /**
         * Reads what is left of a gzip stream, so that its trailer is checked, and fails naming the
         * file if the stream is truncated or corrupt. {@link GZIPInputStream} verifies the CRC32
         * and length only when a read reaches the trailer: a reader that stops after the bytes it
         * needs would otherwise take corrupt data silently. Plain files: nothing to check.
         */
        void verifyIntact() throws DataFormatException {
            if (gzip && gzipError == null) {
                byte[] skip = new byte[1 << 16];
                try {
                    while (in.read(skip) >= 0) {
                        // decompress and discard: only the trailer check matters
                    }
                } catch (IOException e) {
                    gzipError = e;
                }
            }
            if (gzipError != null) throw new DataFormatException(name + ": " + gzipProblem(), gzipError);
        }

        /** Upper bound of the decompressed content size, or Long.MAX_VALUE if unknown. */
        long maxContentSize() {
            if (fileSize < 0) return Long.MAX_VALUE;
            return gzip ? fileSize * MAX_DEFLATE_RATIO + 1024 : fileSize;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Opens a file, detecting gzip by its 1f 8b magic (not by its name). */
    static Source open(Path file) throws IOException {
        String name = ErrorText.quote(file.getFileName() == null ? file.toString() : file.getFileName().toString());
        InputFiles.requireRegular(file, "data file");
        long size = Files.size(file);
        boolean gzip = false;
        long isize = -1;
        if (size >= 2) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                int b0 = raf.read(), b1 = raf.read();
                gzip = b0 == 0x1f && b1 == 0x8b;
                if (gzip && size >= 18) {
                    raf.seek(size - 4);
                    byte[] t = new byte[4];
                    raf.readFully(t);
                    isize = (t[0] & 0xffL) | (t[1] & 0xffL) << 8 | (t[2] & 0xffL) << 16 | (t[3] & 0xffL) << 24;
                }
            }
        }
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
            return new Source(name, in, gzip, size, gzip ? isize : size);
        } catch (IOException e) {
            raw.close();
            throw new DataFormatException(name + ": starts like a gzip file (1f 8b) but its gzip header is corrupt: " + e.getMessage(), e);
        }
    }

    /** Wraps a stream of unknown size (a class-path resource), detecting gzip by its magic. */
    static Source open(InputStream stream, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            return new Source(name, gzip ? new GZIPInputStream(in, 1 << 16) : in, gzip, -1, -1);
        } catch (IOException e) {
            throw new DataFormatException(name + ": starts like a gzip file (1f 8b) but its gzip header is corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code len} bytes into {@code buf[off..]}, stopping at end of stream. A gzip
     * stream that ends early (EOFException, ZipException) counts as end of data: the caller sees a
     * short count and reports the truncation with what it expected.
     */
    static int readUpTo(Source src, byte[] buf, int off, int len) throws IOException {
        int n = 0;
        try {
            while (n < len) {
                int r = src.in.read(buf, off + n, len - n);
                if (r < 0) break;
                n += r;
            }
        } catch (EOFException | ZipException e) {
            if (!src.gzip) throw e;
            src.gzipError = e; // truncated or corrupt deflate data, or a bad trailer: the caller reports it
        }
        return n;
    }

    /**
     * Reads exactly {@code expected} bytes (or fewer if the data ends early), without allocating
     * more than the data actually present: when the decompressed size is not known to match, the
     * buffer grows as bytes arrive. Returns an array of the bytes read (length may be < expected).
     */
    static byte[] readBounded(Source src, long expected, long alreadyRead) throws IOException {
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DataFormatException(src.name + ": header asks for " + expected + " bytes of data, more than a Java array can hold");
        }
        int want = (int) expected;
        // Allocate everything at once only when the size on disk (or the gzip trailer) says the data is there
        // and the file size bounds it; otherwise grow as bytes arrive, so a lying header cannot make us allocate.
        boolean sizeKnown = src.sizeHint >= 0 && alreadyRead + expected <= src.maxContentSize()
                && (src.sizeHint - alreadyRead >= expected
                    || src.gzip && Math.floorMod(src.sizeHint - alreadyRead - expected, 1L << 32) == 0);
        int capacity = sizeKnown ? want : Math.min(want, 1 << 20);
        byte[] buf = new byte[capacity];
        int n = 0;
        while (true) {
            int r = readUpTo(src, buf, n, capacity - n);
            n += r;
            if (n < capacity || capacity == want) break;
            capacity = (int) Math.min(want, Math.max(2L * capacity, 1 << 20));
            buf = Arrays.copyOf(buf, capacity);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /**
     * Reads the whole content, at most {@code maxBytes} bytes (if more follows, the result holds
     * exactly {@code maxBytes}). The first allocation follows the known size if plausible, then
     * the buffer grows as bytes arrive, so memory never exceeds about twice the data present.
     */
    static byte[] readAll(Source src, long maxBytes) throws IOException {
        long max = Math.min(maxBytes, Integer.MAX_VALUE - 16);
        long initial = src.sizeHint >= 0 && src.sizeHint <= src.maxContentSize() ? src.sizeHint + 1 : 1 << 20;
        int capacity = (int) Math.max(0, Math.min(max, initial));
        byte[] buf = new byte[capacity];
        int n = 0;
        while (true) {
            n += readUpTo(src, buf, n, capacity - n);
            if (n < capacity || capacity == max) break;
            capacity = (int) Math.min(max, Math.max(2L * capacity, 1 << 20));
            buf = Arrays.copyOf(buf, capacity);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** True if at least one more byte of content follows. */
    static boolean hasMore(Source src) throws IOException {
        try {
            return src.in.read() >= 0;
        } catch (EOFException | ZipException e) {
            if (!src.gzip) throw e;
            src.gzipError = e;
            return false;
        }
    }

    static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
