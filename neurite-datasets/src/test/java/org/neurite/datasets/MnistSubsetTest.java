package org.neurite.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.neurite.data.DatasetPaths;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.tensor.Tensor;

class MnistSubsetTest {
    @Test
    void subsetSizesAndContent() {
        TrainTest d = MnistSubset.load();
        assertEquals(6000, d.train().size());
        assertEquals(1000, d.test().size());
        assertArrayEquals(new int[] {6000, 28, 28, 1}, d.train().features().shape().dims());
        assertArrayEquals(new int[] {1000, 28, 28, 1}, d.test().features().shape().dims());
        assertArrayEquals(new float[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, d.train().take(10).targets().data());
        assertArrayEquals(new float[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, d.test().take(10).targets().data());
        int[] counts = counts(d.train().targets());
        for (int c = 0; c < 10; c++) {
            assertEquals(true, counts[c] > 450 && counts[c] < 750, "every digit is well represented: " + java.util.Arrays.toString(counts));
        }
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : d.train().features().data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void subsetEqualsTheFirstRecordsOfRealMnist() throws IOException {
        Path dir = DatasetPaths.resolve("mnist");
        assumeTrue(Files.isDirectory(dir), "MNIST not found at " + dir + ": skipping (" + DatasetPaths.describeSearch() + ")");
        TrainTest real = Mnist.load(dir, MnistSubset.TRAIN_SIZE, MnistSubset.TEST_SIZE, Mnist.DIGIT_CLASS_NAMES);
        TrainTest sub = MnistSubset.load();
        assertArrayEquals(real.train().features().data(), sub.train().features().data());
        assertArrayEquals(real.train().targets().data(), sub.train().targets().data());
        assertArrayEquals(real.test().features().data(), sub.test().features().data());
        assertArrayEquals(real.test().targets().data(), sub.test().targets().data());
    }

    private static int[] counts(Tensor labels) {
        int[] c = new int[10];
        for (float v : labels.data()) c[(int) v]++;
        return c;
    }
}
