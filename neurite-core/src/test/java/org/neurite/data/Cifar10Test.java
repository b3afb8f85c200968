package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.tensor.Tensor;

class Cifar10Test {
    @TempDir
    Path tmp;

    /** A record whose R, G, B planes hold distinct, position-dependent bytes. */
    static byte[] record(int label, int seed) {
        byte[] r = new byte[Cifar10.RECORD_BYTES];
        r[0] = (byte) label;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 1024; p++) r[1 + c * 1024 + p] = (byte) (seed + 7 * p + 85 * c);
        }
        return r;
    }

    static byte[] records(int n) {
        byte[] all = new byte[n * Cifar10.RECORD_BYTES];
        for (int i = 0; i < n; i++) System.arraycopy(record(i % 10, i), 0, all, i * Cifar10.RECORD_BYTES, Cifar10.RECORD_BYTES);
        return all;
    }

    @Test
    void planesBecomeChannelsLast() throws IOException {
        Path f = tmp.resolve("test_batch.bin");
        Files.write(f, records(3));
        Dataset d = Cifar10.readBatch(f, Integer.MAX_VALUE);
        assertArrayEquals(new int[] {3, 32, 32, 3}, d.features().shape().dims());
        assertArrayEquals(new float[] {0, 1, 2}, d.targets().data());
        Tensor x = d.features();
        for (int i = 0; i < 3; i++) {
            for (int h : new int[] {0, 5, 31}) {
                for (int w : new int[] {0, 17, 31}) {
                    for (int c = 0; c < 3; c++) {
                        int expected = (i + 7 * (h * 32 + w) + 85 * c) & 0xff;
                        assertEquals(expected / 255f, x.get(i, h, w, c), 1e-7f, "image " + i + " (" + h + "," + w + "," + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void gzippedFilesAndLimitsAcrossBatches() throws IOException {
        for (int b = 1; b <= 5; b++) {
            byte[] content = records(4);
            content[0] = (byte) b; // first label of batch b is b
            Path f = tmp.resolve("data_batch_" + b + ".bin.gz");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
                out.write(content);
            }
        }
        Files.write(tmp.resolve("test_batch.bin"), records(2));
        TrainTest d = Cifar10.load(tmp);
        assertEquals(20, d.train().size());
        assertEquals(2, d.test().size());
        assertEquals(Cifar10.DEFAULT_CLASS_NAMES, d.classNames());
        Dataset six = Cifar10.loadTrain(tmp, 6);
        assertArrayEquals(new float[] {1, 1, 2, 3, 2, 1}, six.targets().data());
        assertEquals(0, Cifar10.loadTrain(tmp, 0).size());
    }

    @Test
    void lengthNotAMultipleOfTheRecordSize() throws IOException {
        Path f = tmp.resolve("data_batch_1.bin");
        Files.write(f, Arrays.copyOf(records(2), 2 * 3073 + 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.readBatch(f, Integer.MAX_VALUE));
        IdxReaderTest.assertMessage(e, "data_batch_1.bin", "file length 6151", "not a multiple of the 3073-byte", "2 whole records and 5 bytes left over");

        Path gz = tmp.resolve("data_batch_2.bin.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Arrays.copyOf(records(2), 3073 + 100));
        }
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(gz, Integer.MAX_VALUE)),
                "data_batch_2.bin.gz", "not a multiple of the 3073-byte", "1 whole records and 100 bytes left over");

        Path cifar100 = tmp.resolve("train.bin");
        Files.write(cifar100, new byte[3074 * 3]);
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(cifar100, Integer.MAX_VALUE)),
                "train.bin", "CIFAR-100");
    }

    @Test
    void truncatedGzipAndBadLabels() throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bos)) {
            out.write(records(20));
        }
        Path cut = tmp.resolve("data_batch_3.bin.gz");
        Files.write(cut, Arrays.copyOf(bos.toByteArray(), bos.size() / 2));
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(cut, Integer.MAX_VALUE)),
                "data_batch_3.bin.gz", "gzip stream is truncated");

        byte[] bad = records(3);
        bad[2 * 3073] = 10;
        Path f = tmp.resolve("data_batch_4.bin");
        Files.write(f, bad);
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10.readBatch(f, Integer.MAX_VALUE)),
                "data_batch_4.bin", "record 2 has label 10, outside 0..9");
    }

    @Test
    void missingFilesAreListed() throws IOException {
        Files.write(tmp.resolve("data_batch_1.bin"), records(1));
        IOException e = assertThrows(IOException.class, () -> Cifar10.loadTrain(tmp, 10));
        IdxReaderTest.assertMessage(e, "data_batch_2.bin[.gz]", "data_batch_5.bin[.gz]", tmp.getFileName().toString());
        assertTrue(!e.getMessage().contains("data_batch_1"), e.getMessage());
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> Cifar10.loadTest(tmp, 10)), "test_batch.bin[.gz]");
    }

    @Test
    void realCifar10() throws IOException {
        Path dir = TestDatasets.require("cifar-10", "CIFAR-10");
        Dataset test = Cifar10.loadTest(dir, Integer.MAX_VALUE);
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {10000, 32, 32, 3}, test.features().shape().dims());
        int[] perClass = MnistTest.counts(test.targets(), 10);
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, perClass, "the CIFAR-10 test set has 1000 images per class");
        assertEquals(3f, test.targets().data()[0]);
        MnistTest.assertUnitRange(test.features());

        Dataset train = Cifar10.loadTrain(dir, 10);
        assertArrayEquals(new float[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, train.targets().data());
        Tensor x = train.features();
        // first record: R plane starts 59, 43, 50, 68, 98; G plane 62, 46, 48; B plane 63, 45, 43
        assertEquals(59 / 255f, x.get(0, 0, 0, 0), 1e-7f);
        assertEquals(43 / 255f, x.get(0, 0, 1, 0), 1e-7f);
        assertEquals(98 / 255f, x.get(0, 0, 4, 0), 1e-7f);
        assertEquals(62 / 255f, x.get(0, 0, 0, 1), 1e-7f);
        assertEquals(46 / 255f, x.get(0, 0, 1, 1), 1e-7f);
        assertEquals(63 / 255f, x.get(0, 0, 0, 2), 1e-7f);
        assertEquals(43 / 255f, x.get(0, 0, 2, 2), 1e-7f);

        Dataset across = Cifar10.loadTrain(dir, 10_001);
        assertEquals(10_001, across.size());
        assertEquals(1f, across.targets().data()[10_000], "record 10000 is the first of data_batch_2 (label 1)");
        assertEquals(Cifar10.DEFAULT_CLASS_NAMES, Cifar10.classNames(dir));
    }
}
