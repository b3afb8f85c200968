package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.tensor.Tensor;

class MnistTest {
    @TempDir
    Path tmp;

    static int[] counts(Tensor labels, int classes) {
        int[] c = new int[classes];
        for (float v : labels.data()) c[(int) v]++;
        return c;
    }

    static void assertUnitRange(Tensor x) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : x.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void realMnist() throws IOException {
        Path dir = TestDatasets.require("mnist", "MNIST");
        TrainTest d = Mnist.load(dir);
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertArrayEquals(new int[] {60000, 28, 28, 1}, d.train().features().shape().dims());
        assertArrayEquals(new int[] {60000}, d.train().targets().shape().dims());
        assertArrayEquals(new int[] {10000, 28, 28, 1}, d.test().features().shape().dims());
        assertEquals(5f, d.train().targets().data()[0], "first training digit is a 5");
        assertEquals(7f, d.test().targets().data()[0], "first test digit is a 7");
        assertUnitRange(d.train().features());
        assertUnitRange(d.test().features());
        // class frequencies of MNIST as published
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts(d.train().targets(), 10));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts(d.test().targets(), 10));
        assertEquals(Mnist.DIGIT_CLASS_NAMES, d.classNames());
    }

    @Test
    void realMnistLimited() throws IOException {
        Path dir = TestDatasets.require("mnist", "MNIST");
        TrainTest d = Mnist.load(dir, 100, 10, Mnist.DIGIT_CLASS_NAMES);
        assertEquals(100, d.train().size());
        assertEquals(10, d.test().size());
        assertArrayEquals(new float[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, d.train().take(10).targets().data());
    }

    @Test
    void realFashionMnist() throws IOException {
        Path dir = TestDatasets.require("fashion-mnist", "Fashion-MNIST");
        TrainTest d = Mnist.loadFashion(dir);
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(9f, d.train().targets().data()[0], "first Fashion-MNIST training item is an ankle boot");
        int[] six = new int[10], one = new int[10];
        java.util.Arrays.fill(six, 6000);
        java.util.Arrays.fill(one, 1000);
        assertArrayEquals(six, counts(d.train().targets(), 10));
        assertArrayEquals(one, counts(d.test().targets(), 10));
        assertUnitRange(d.test().features());
        assertEquals("Ankle boot", d.classNames().get(9));
    }

    @Test
    void missingFilesAreAllListed() throws IOException {
        IdxWriter.write(tmp.resolve("train-images-idx3-ubyte.gz"), new int[] {1, 28, 28}, new byte[784], true);
        Files.writeString(tmp.resolve("notes.txt"), "x");
        IOException e = assertThrows(IOException.class, () -> Mnist.load(tmp));
        String m = e.getMessage();
        assertTrue(m.contains("train-labels-idx1-ubyte.gz") && m.contains("train-labels.idx1-ubyte")
                && m.contains("t10k-images-idx3-ubyte") && m.contains("t10k-labels-idx1-ubyte"), m);
        assertTrue(!m.contains("looked for train-images"), "the file present is not listed as missing: " + m);
        assertTrue(m.contains("notes.txt"), "lists what the folder holds: " + m);
        IOException notDir = assertThrows(IOException.class, () -> Mnist.load(tmp.resolve("absent")));
        assertTrue(notDir.getMessage().contains("absent"), notDir.getMessage());
    }

    @Test
    void dottedNamesAndCountMismatch() throws IOException {
        IdxWriter.write(tmp.resolve("train-images.idx3-ubyte"), new int[] {3, 28, 28}, new byte[3 * 784], false);
        IdxWriter.write(tmp.resolve("train-labels.idx1-ubyte"), new int[] {3}, new byte[] {1, 2, 3}, false);
        IdxWriter.write(tmp.resolve("t10k-images-idx3-ubyte.gz"), new int[] {2, 28, 28}, new byte[2 * 784], true);
        IdxWriter.write(tmp.resolve("t10k-labels-idx1-ubyte"), new int[] {1}, new byte[] {4}, false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Mnist.load(tmp));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz holds 2 images but t10k-labels-idx1-ubyte holds 1 labels"), e.getMessage());

        IdxWriter.write(tmp.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, new byte[] {4, 5}, false);
        TrainTest d = Mnist.load(tmp);
        assertEquals(3, d.train().size());
        assertArrayEquals(new float[] {4, 5}, d.test().targets().data());

        IdxWriter.write(tmp.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, new byte[] {4, 12}, false);
        DataFormatException bad = assertThrows(DataFormatException.class, () -> Mnist.load(tmp));
        assertTrue(bad.getMessage().contains("t10k-labels-idx1-ubyte: label 1 is 12, outside 0..9"), bad.getMessage());
    }
}
