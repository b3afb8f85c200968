package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedMnistTest {
    @Test
    void subsetSizesAndContent() {
        TrainTest d = Mnist.embeddedSubset();
        assertEquals(6000, d.train().size());
        assertEquals(1000, d.test().size());
        assertArrayEquals(new int[] {6000, 28, 28, 1}, d.train().features().shape().dims());
        assertArrayEquals(new int[] {1000, 28, 28, 1}, d.test().features().shape().dims());
        assertArrayEquals(new float[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, d.train().take(10).targets().data());
        assertArrayEquals(new float[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, d.test().take(10).targets().data());
        int[] counts = MnistTest.counts(d.train().targets(), 10);
        for (int c = 0; c < 10; c++) {
            assertEquals(true, counts[c] > 450 && counts[c] < 750, "every digit is well represented: " + java.util.Arrays.toString(counts));
        }
        MnistTest.assertUnitRange(d.train().features());
    }

    @Test
    void subsetEqualsTheFirstRecordsOfRealMnist() throws IOException {
        Path dir = TestDatasets.require("mnist", "MNIST");
        TrainTest real = Mnist.load(dir, Mnist.SUBSET_TRAIN_SIZE, Mnist.SUBSET_TEST_SIZE, Mnist.DIGIT_CLASS_NAMES);
        TrainTest sub = Mnist.embeddedSubset();
        assertArrayEquals(real.train().features().data(), sub.train().features().data());
        assertArrayEquals(real.train().targets().data(), sub.train().targets().data());
        assertArrayEquals(real.test().features().data(), sub.test().features().data());
        assertArrayEquals(real.test().targets().data(), sub.test().targets().data());
    }
}
