package org.neurite.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * CIFAR-10, binary version. Each file ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}, each optionally gzipped, detected by content) is a sequence of
 * 3073-byte records: 1 label byte (0..9), then 1024 red, 1024 green and 1024 blue bytes, each plane
 * 32x32 row-major.
 *
 * <p>Images come out channels-last {@code (N, 32, 32, 3)} as floats in [0, 1] (byte / 255),
 * labels {@code (N,)} as floats. Files are looked for in the given folder and in its
 * {@code cifar-10-batches-bin/} subfolder (the layout of the official archive). Class names come
 * from {@code batches.meta.txt} (one per line) if present, else {@link #DEFAULT_CLASS_NAMES}.
 *
 * <p>Memory: the full training set is 50000 x 3072 floats, about 615 MB of heap.
 */
public final class Cifar10 {
    /** Height and width of an image, in pixels. */
    public static final int SIDE = 32;
    /** Colour channels (RGB). */
    public static final int CHANNELS = 3;
    /** Bytes of one image: 3 planes of 32 x 32. */
    public static final int IMAGE_BYTES = SIDE * SIDE * CHANNELS;
    /** 1 label byte + 3072 pixel bytes. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Records in each batch file. */
    public static final int RECORDS_PER_FILE = 10_000;
    /** The five training batch files, in reading order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5");
    /** The test batch file. */
    public static final String TEST_FILE = "test_batch";
    /** The standard ten class names, airplane to truck. */
    public static final List<String> DEFAULT_CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10() {}

    /**
     * Train (50000) and test (10000) with class names.
     *
     * @param dir the folder holding the files (plain or gzipped)
     * @return train {@code (50000, 32, 32, 3)} and test {@code (10000, 32, 32, 3)} in [0, 1], labels {@code (N)} class indices
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static TrainTest load(Path dir) throws IOException {
        return new TrainTest(loadTrain(dir, Integer.MAX_VALUE), loadTest(dir, Integer.MAX_VALUE), classNames(dir));
    }

    /**
     * The first {@code limit} training records, reading {@code data_batch_1} onwards and stopping
     * as soon as enough records are read (only what is needed is decompressed).
     *
     * @param dir the folder holding the files (plain or gzipped)
     * @param limit most records to read
     * @return images {@code (n, 32, 32, 3)} in [0, 1] and labels {@code (n)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Dataset loadTrain(Path dir, int limit) throws IOException {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String base : TRAIN_FILES) {
            Path p = find(dir, base);
            if (p == null) missing.add(base);
            files.add(p);
        }
        if (!missing.isEmpty()) throw notFound(dir, missing);
        List<byte[]> chunks = new ArrayList<>();
        long remaining = limit;
        for (Path p : files) {
            if (remaining <= 0) break;
            byte[] b = readRecords(p, remaining);
            chunks.add(b);
            remaining -= b.length / RECORD_BYTES;
        }
        return toDataset(chunks);
    }

    /**
     * The first {@code limit} test records.
     *
     * @param dir the folder holding the files (plain or gzipped)
     * @param limit most records to read
     * @return images {@code (n, 32, 32, 3)} in [0, 1] and labels {@code (n)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Dataset loadTest(Path dir, int limit) throws IOException {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        Path p = find(dir, TEST_FILE);
        if (p == null) throw notFound(dir, List.of(TEST_FILE));
        return readBatch(p, limit);
    }

    /**
     * One batch file (plain or gzipped), at most {@code limit} records.
     *
     * @param file the batch file
     * @param limit most records to read
     * @return images {@code (n, 32, 32, 3)} in [0, 1] and labels {@code (n)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Dataset readBatch(Path file, int limit) throws IOException {
        return toDataset(List.of(readRecords(file, limit)));
    }

    /**
     * Class names from {@code batches.meta.txt} if present (non-blank lines), else the standard ten.
     *
     * @param dir the folder holding the files (plain or gzipped)
     * @return the class names in class-index order
     * @throws IOException if the names file exists but cannot be read
     */
    public static List<String> classNames(Path dir) throws IOException {
        for (Path p : new Path[] {dir.resolve("batches.meta.txt"), dir.resolve("cifar-10-batches-bin").resolve("batches.meta.txt")}) {
            if (Files.isRegularFile(p)) {
                List<String> names = new ArrayList<>();
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    String s = line.strip();
                    if (!s.isEmpty()) names.add(s);
                }
                if (names.size() != CLASSES) {
                    throw new DataFormatException(p.getFileName() + ": expected " + CLASSES + " class names (one per line), found " + names.size());
                }
                return List.copyOf(names);
            }
        }
        return DEFAULT_CLASS_NAMES;
    }

    // ---------------------------------------------------------------- internals

    private static Path find(Path dir, String base) {
        for (Path d : new Path[] {dir, dir.resolve("cifar-10-batches-bin")}) {
            for (String n : new String[] {base + ".bin", base + ".bin.gz"}) {
                Path p = d.resolve(n);
                if (Files.isRegularFile(p)) return p;
            }
        }
        return null;
    }

    private static IOException notFound(Path dir, List<String> bases) {
        List<String> looked = new ArrayList<>();
        for (String b : bases) looked.add(b + ".bin[.gz]");
        return new IOException("CIFAR-10 files missing in " + dir.toAbsolutePath() + " (and its cifar-10-batches-bin/): looked for "
                + String.join(", ", looked));
    }

    /** Whole records of a file, at most {@code limit}; checks the length is a multiple of 3073 when read to the end. */
    static byte[] readRecords(Path file, long limit) throws IOException {
        String name = file.getFileName().toString();
        try (DataFiles.Source src = DataFiles.open(file)) {
            if (!src.gzip && src.fileSize % RECORD_BYTES != 0) {
                throw lengthError(name, src.fileSize, null);
            }
            long maxBytes = Math.min(limit * RECORD_BYTES, (long) (Integer.MAX_VALUE - 16) / RECORD_BYTES * RECORD_BYTES);
            byte[] b = DataFiles.readAll(src, maxBytes);
            boolean complete = b.length < maxBytes || !DataFiles.hasMore(src);
            if (complete && b.length % RECORD_BYTES != 0) {
                throw lengthError(name, b.length, src.truncated() ? src.gzipProblem() : null);
            }
            if (src.truncated()) {
                throw new DataFormatException(name + ": " + src.gzipProblem() + " after " + b.length + " bytes ("
                        + b.length / RECORD_BYTES + " whole records)");
            }
            src.verifyIntact(); // gzip: CRC32 and length of the whole stream, also when only the first records were wanted
            for (int r = 0, n = b.length / RECORD_BYTES; r < n; r++) {
                int label = b[r * RECORD_BYTES] & 0xff;
                if (label >= CLASSES) {
                    throw new DataFormatException(name + ": record " + r + " has label " + label + ", outside 0.." + (CLASSES - 1)
                            + " (CIFAR-100 files have 2 label bytes per record and are not read here)");
                }
            }
            return b;
        }
    }

    private static DataFormatException lengthError(String name, long length, String gzipProblem) {
        boolean truncated = gzipProblem != null;
        String msg = name + ": " + (truncated ? "decompressed length " : "file length ") + length
                + " is not a multiple of the " + RECORD_BYTES + "-byte CIFAR-10 record (1 label + 3072 pixels): "
                + length / RECORD_BYTES + " whole records and " + length % RECORD_BYTES + " bytes left over";
        if (truncated) msg += "; " + gzipProblem;
        else if (length % (RECORD_BYTES + 1) == 0) msg += "; the length is a multiple of 3074: is this CIFAR-100 (2 label bytes)?";
        return new DataFormatException(msg);
    }

    private static Dataset toDataset(List<byte[]> chunks) {
        long total = 0;
        for (byte[] c : chunks) total += c.length / RECORD_BYTES;
        if (total * IMAGE_BYTES > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("CIFAR-10: " + total + " records do not fit in one Java array; load fewer");
        }
        int n = (int) total;
        float[] x = new float[n * IMAGE_BYTES];
        float[] y = new float[n];
        float[] scale = DataFiles.UNIT_SCALE;
        int plane = SIDE * SIDE;
        int r = 0;
        for (byte[] c : chunks) {
            int records = c.length / RECORD_BYTES;
            for (int k = 0; k < records; k++, r++) {
                int src = k * RECORD_BYTES;
                y[r] = c[src] & 0xff;
                int dst = r * IMAGE_BYTES;
                for (int p = 0; p < plane; p++) {
                    int o = dst + p * CHANNELS;
                    x[o] = scale[c[src + 1 + p] & 0xff];
                    x[o + 1] = scale[c[src + 1 + plane + p] & 0xff];
                    x[o + 2] = scale[c[src + 1 + 2 * plane + p] & 0xff];
                }
            }
        }
        return new Dataset(Tensor.of(x, n, SIDE, SIDE, CHANNELS), Tensor.of(y, n));
    }
}
