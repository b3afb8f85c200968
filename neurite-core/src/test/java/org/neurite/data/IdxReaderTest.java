package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurite.tensor.Tensor;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** IDX bytes with the given magic and dims followed by {@code payload}. */
    static byte[] idx(int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(magic);
        for (int d : dims) out.writeInt(d);
        out.write(payload);
        return bos.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + 11);
        return b;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void imagesAndLabelsRoundTrip(boolean gz) throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        Path images = dir.resolve("images" + (gz ? ".gz" : ""));
        Path labels = dir.resolve("labels" + (gz ? ".gz" : ""));
        IdxWriter.write(images, new int[] {3, 4, 5}, px, gz);
        IdxWriter.write(labels, new int[] {3}, new byte[] {7, 0, (byte) 255}, gz);
        assertEquals(gz, (Files.readAllBytes(images)[0] & 0xff) == 0x1f, "gzip written iff asked");

        Tensor x = IdxReader.readImages(images);
        assertArrayEquals(new int[] {3, 4, 5, 1}, x.shape().dims());
        for (int i = 0; i < px.length; i++) assertEquals((px[i] & 0xff) / 255f, x.data()[i], 1e-7f);
        Tensor y = IdxReader.readLabels(labels);
        assertArrayEquals(new float[] {7, 0, 255}, y.data());

        IdxReader.Idx raw = IdxReader.read(images);
        assertEquals(IdxReader.IMAGES_MAGIC, raw.magic());
        assertArrayEquals(px, raw.data());

        // writeImages/writeLabels invert readImages/readLabels exactly
        Path images2 = dir.resolve("images2");
        IdxWriter.writeImages(images2, x, gz);
        assertArrayEquals(px, IdxReader.read(images2).data());
        Path labels2 = dir.resolve("labels2");
        IdxWriter.writeLabels(labels2, y, gz);
        assertArrayEquals(y.data(), IdxReader.readLabels(labels2).data());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void limitReadsOnlyTheFirstRecords(boolean gz) throws IOException {
        byte[] px = pixels(10 * 2 * 3);
        Path f = dir.resolve("f");
        IdxWriter.write(f, new int[] {10, 2, 3}, px, gz);
        IdxReader.Idx idx = IdxReader.read(f, IdxReader.IMAGES_MAGIC, 4);
        assertArrayEquals(new int[] {4, 2, 3}, idx.dims());
        assertArrayEquals(Arrays.copyOf(px, 24), idx.data());
        assertEquals(10, IdxReader.read(f, IdxReader.IMAGES_MAGIC, 1000).count());
        assertEquals(0, IdxReader.readImages(f, 0).dim(0));
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        byte[] content = idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2});
        Path gzNoExt = dir.resolve("labels-plain-name");
        Files.write(gzNoExt, gzip(content));
        assertArrayEquals(new float[] {1, 2}, IdxReader.readLabels(gzNoExt).data());
        Path plainGzExt = dir.resolve("labels.gz");
        Files.write(plainGzExt, content);
        assertArrayEquals(new float[] {1, 2}, IdxReader.readLabels(plainGzExt).data());
    }

    @Test
    void streamsAreReadToo() throws IOException {
        byte[] content = idx(IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2}, pixels(8));
        for (byte[] b : new byte[][] {content, gzip(content)}) {
            IdxReader.Idx idx = IdxReader.read(new ByteArrayInputStream(b), "stream.idx", IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE);
            assertArrayEquals(pixels(8), idx.data());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(
                new ByteArrayInputStream(gzip(Arrays.copyOf(content, 19))), "stream.idx", IdxReader.IMAGES_MAGIC, Integer.MAX_VALUE));
        assertMessage(e, "stream.idx", "2 images of 2x2", "only 3 bytes of pixel data");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedPixelData(boolean gz) throws IOException {
        byte[] full = idx(IdxReader.IMAGES_MAGIC, new int[] {60000, 28, 28}, pixels(1234));
        Path f = dir.resolve("train-images-idx3-ubyte" + (gz ? ".gz" : ""));
        Files.write(f, gz ? gzip(full) : full);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertMessage(e, f.getFileName().toString(), "header says 60000 images of 28x28", "only 1234 bytes of pixel data");
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] full = gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {50, 28, 28}, pixels(50 * 784)));
        Path f = dir.resolve("cut.gz");
        Files.write(f, Arrays.copyOf(full, full.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertMessage(e, "cut.gz", "header says 50 images of 28x28", "gzip stream is truncated");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path empty = dir.resolve("empty.idx");
        Files.write(empty, new byte[0]);
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(empty)), "empty.idx", "file is empty");

        Path shortMagic = dir.resolve("short.idx");
        Files.write(shortMagic, new byte[] {0, 0, 8});
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(shortMagic)), "short.idx", "only 3 bytes");

        Path shortDims = dir.resolve("dims.idx");
        Files.write(shortDims, new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0});
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(shortDims)),
                "dims.idx", "declares 3 dimensions", "ends after 10 bytes");
    }

    @Test
    void badMagic() throws IOException {
        Path f = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(f, idx(0x12345678, new int[] {1, 1, 1}, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertMessage(e, "t10k-images-idx3-ubyte", "bad magic 0x12345678, expected 0x00000803");
    }

    @Test
    void labelsFileWhereImagesExpected() throws IOException {
        Path f = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(f, idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[2]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        assertMessage(e, "t10k-labels-idx1-ubyte", "bad magic 0x00000801, expected 0x00000803", "this is an IDX labels");
    }

    @Test
    void littleEndianAndUnsupportedTypesAreExplained() throws IOException {
        Path le = dir.resolve("le.idx");
        Files.write(le, idx(Integer.reverseBytes(IdxReader.LABELS_MAGIC), new int[] {}, new byte[0]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(le)), "le.idx", "little-endian");

        Path floats = dir.resolve("floats.idx");
        Files.write(floats, idx(0x00000D01, new int[] {1}, new byte[4]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.read(floats)), "floats.idx", "0x0D is not supported");

        Path notGz = dir.resolve("labels.gz");
        Files.write(notGz, "hello world, not idx".getBytes());
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(notGz)), "labels.gz", "not gzip-compressed");
    }

    @Test
    void headerDimsDisagreeWithFileSize() throws IOException {
        Path more = dir.resolve("more.idx");
        Files.write(more, idx(IdxReader.IMAGES_MAGIC, new int[] {2, 3, 3}, pixels(20)));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(more)),
                "more.idx", "header says 2 images of 3x3 (18 bytes)", "20 bytes of pixel data, 2 more than declared");

        Path moreGz = dir.resolve("more.gz");
        Files.write(moreGz, gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {2, 3, 3}, pixels(20))));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(moreGz)),
                "more.gz", "more than the 18 bytes of pixel data declared", "2 images of 3x3");
    }

    @Test
    void hugeHeaderFailsBeforeAllocating() throws IOException {
        // 2^31-1 x 2^31-1 x 2^31-1: must not try to allocate, must not overflow
        Path f = dir.resolve("huge.idx");
        Files.write(f, idx(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[10]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(f)), "huge.idx", "dimension 1", "malformed header?");

        // 1.5 GB claimed by a tiny gzip file: over the reader's bound, refused before reading
        Path g = dir.resolve("claims.gz");
        Files.write(g, gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000, 28, 28}, pixels(100))));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(g)),
                "claims.gz", "header says 2000000 images of 28x28", "1 GiB");
        // 78 MB claimed: within bounds, but the buffer grows only with the bytes that arrive
        Path h = dir.resolve("claims2.gz");
        Files.write(h, gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {100_000, 28, 28}, pixels(100))));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.read(h)),
                "claims2.gz", "header says 100000 images of 28x28", "only 100 bytes of pixel data");

        // dimension with the sign bit set
        Path neg = dir.resolve("neg.idx");
        Files.write(neg, idx(IdxReader.LABELS_MAGIC, new int[] {-5}, new byte[0]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(neg)), "neg.idx", "4294967291");
    }

    @Test
    void missingFileIsAnIOExceptionNamingThePath() {
        Path f = dir.resolve("nope.idx");
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(f));
        assertTrue(e.getMessage().contains("nope.idx"), e.getMessage());
    }

    static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p), "message should contain \"" + p + "\": " + e.getMessage());
        }
    }
}
