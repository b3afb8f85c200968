package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class PreprocessingTest {
    @Test
    void oneHot() {
        Tensor y = Preprocessing.oneHot(Tensor.vector(2, 0, 1), 3);
        assertArrayEquals(new int[] {3, 3}, y.shape().dims());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, y.data());
        IdxReaderTest.assertMessage(assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(Tensor.vector(0, 3), 3)),
                "index 1 is 3, outside 0..2");
        IdxReaderTest.assertMessage(assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(Tensor.vector(-1), 3)),
                "index 0 is -1, outside 0..2");
        IdxReaderTest.assertMessage(assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(Tensor.vector(0, 1.5f), 3)),
                "index 1 is 1.5, not an integer");
        IdxReaderTest.assertMessage(assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(Tensor.vector(Float.NaN), 3)),
                "not an integer");
    }

    @Test
    void normalize() {
        assertArrayEquals(new float[] {-1, 0, 1}, Preprocessing.normalize(Tensor.vector(1, 3, 5), 3, 2).data());
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.normalize(Tensor.vector(1), 0, 0));
    }

    @Test
    void perChannelStatistics() {
        // 2 pixels x 2 channels: channel 0 = {1, 3} (mean 2, std 1), channel 1 = {10, 10} (mean 10, std 0)
        Tensor x = Tensor.of(new float[] {1, 10, 3, 10}, 1, 1, 2, 2);
        Preprocessing.ChannelStats s = Preprocessing.channelStats(x);
        assertArrayEquals(new float[] {2, 10}, s.mean());
        assertArrayEquals(new float[] {1, 0}, s.std());
        Tensor z = Preprocessing.standardizePerChannel(x, new Preprocessing.ChannelStats(new float[] {2, 10}, new float[] {1, 2}), 0);
        assertArrayEquals(new float[] {-1, 0, 1, 0}, z.data());
        assertArrayEquals(new int[] {1, 1, 2, 2}, z.shape().dims());
        assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.standardizePerChannel(x, new Preprocessing.ChannelStats(new float[3], new float[3]), 0));

        Tensor r = Tensor.uniform(7, 0, 1, 50, 4, 4, 3);
        Preprocessing.ChannelStats after = Preprocessing.channelStats(Preprocessing.standardizePerChannel(r));
        for (int c = 0; c < 3; c++) {
            assertEquals(0, after.mean()[c], 1e-5);
            assertEquals(1, after.std()[c], 1e-4);
        }
    }

    @Test
    void minMax() {
        Tensor x = Tensor.vector(2, 4, 6);
        assertArrayEquals(new float[] {0, 0.5f, 1}, Preprocessing.minMaxScale(x).data());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f}, Preprocessing.minMaxScale(x, 0, 4).data());
        Preprocessing.MinMax mm = Preprocessing.MinMax.of(x);
        assertArrayEquals(x.data(), mm.unscale(mm.scale(x)).data(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.minMaxScale(Tensor.vector(1, 1)));
    }
}
