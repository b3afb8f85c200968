package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gzip trailer (CRC32 of the data, ISIZE = its length mod 2^32) is checked by every reader
 * of compressed data, also when only the first records are read (issue 12: a t10k-images file
 * with one CRC byte flipped was used silently by `evaluate`).
 */
class GzipIntegrityTest {
    @TempDir
    Path dir;

    /** A gzipped IDX image file with byte {@code fromEnd} of the trailer flipped (8..5: CRC32, 4..1: ISIZE). */
    private Path corruptIdx(String name, int fromEnd) throws IOException {
        byte[] gz = IdxReaderTest.gzip(IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {20, 4, 4}, IdxReaderTest.pixels(20 * 16)));
        gz[gz.length - fromEnd] ^= 0x01;
        Path f = dir.resolve(name);
        Files.write(f, gz);
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 5})
    void crcMismatchIsAnErrorNamingTheFile(int fromEnd) throws IOException {
        Path f = corruptIdx("t10k-images-idx3-ubyte.gz", fromEnd);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f));
        IdxReaderTest.assertMessage(e, "t10k-images-idx3-ubyte.gz", "CRC32/length check failed");
        // reading only the first records still checks the whole stream
        e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(f, 3));
        IdxReaderTest.assertMessage(e, "t10k-images-idx3-ubyte.gz", "CRC32/length check failed");
    }

    @Test
    void isizeMismatchIsAnError() throws IOException {
        Path f = corruptIdx("isize.gz", 2);
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(f, 1)), "isize.gz", "CRC32/length");
    }

    @Test
    void streamsAreCheckedToo() throws IOException {
        byte[] gz = Files.readAllBytes(corruptIdx("s.gz", 7));
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> IdxReader.read(new ByteArrayInputStream(gz), "stream.gz", IdxReader.IMAGES_MAGIC, 2)), "stream.gz", "CRC32/length");
    }

    @Test
    void truncatedTrailerIsAnError() throws IOException {
        byte[] gz = IdxReaderTest.gzip(IdxReaderTest.idx(IdxReader.LABELS_MAGIC, new int[] {5}, new byte[] {1, 2, 3, 4, 5}));
        Path f = dir.resolve("cut-labels.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length - 3)); // all data, half the trailer
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(f)), "cut-labels.gz", "truncated");
    }

    @Test
    void intactFileReadsWithAndWithoutLimit() throws IOException {
        byte[] gz = IdxReaderTest.gzip(IdxReaderTest.idx(IdxReader.IMAGES_MAGIC, new int[] {20, 4, 4}, IdxReaderTest.pixels(20 * 16)));
        Path f = dir.resolve("ok.gz");
        Files.write(f, gz);
        assertEquals(20, IdxReader.readImages(f).dim(0));
        assertEquals(3, IdxReader.readImages(f, 3).dim(0));
    }

    @Test
    void cifarCrcMismatchIsAnError() throws IOException {
        byte[] records = new byte[3 * Cifar10.RECORD_BYTES];
        for (int i = 0; i < records.length; i++) records[i] = (byte) (i % Cifar10.RECORD_BYTES == 0 ? i % 10 : i * 7);
        byte[] gz = IdxReaderTest.gzip(records);
        gz[gz.length - 6] ^= 0x40;
        Path f = dir.resolve("test_batch.bin.gz");
        Files.write(f, gz);
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(f, Integer.MAX_VALUE)),
                "test_batch.bin.gz", "CRC32/length check failed");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(f, 1)),
                "test_batch.bin.gz", "CRC32/length check failed");
    }
}
