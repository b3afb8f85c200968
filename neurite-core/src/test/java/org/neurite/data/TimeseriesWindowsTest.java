package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Shape;

class TimeseriesWindowsTest {
    @Test
    void kerasExampleOneIndices() {
        // Keras docs, example 1: indices 0..98, sequence_length 10, sampling_rate 2, sequence_stride 3:
        // [0 2 .. 18], [3 5 .. 21], [6 8 .. 24], ..., last [78 80 .. 96]
        float[] data = new float[99];
        for (int i = 0; i < 99; i++) data[i] = i;
        TimeseriesWindows w = TimeseriesWindows.over(data, 1).targets(data, 1).sequenceLength(10).samplingRate(2).sequenceStride(3).build();
        assertEquals(27, w.size()); // num_seqs = 99 - 9 * 2 = 81 -> starts 0, 3, .., 78
        float[] x = new float[10], y = new float[1];
        w.read(1, x, 0, y, 0);
        assertArrayEquals(new float[] {3, 5, 7, 9, 11, 13, 15, 17, 19, 21}, x);
        assertEquals(3f, y[0]); // targets[start of the window]
        w.read(26, x, 0, y, 0);
        assertArrayEquals(new float[] {78, 80, 82, 84, 86, 88, 90, 92, 94, 96}, x);
    }

    @Test
    void kerasExampleTwoForecastAndMultivariateRange() {
        // example 2: data 0..19, input data[:-10], targets data[10:], sequence_length 10 -> one window [0..9] -> 10
        float[] data = new float[20];
        for (int i = 0; i < 20; i++) data[i] = i;
        float[] input = java.util.Arrays.copyOf(data, 10), targets = java.util.Arrays.copyOfRange(data, 10, 20);
        TimeseriesWindows w = TimeseriesWindows.over(input, 1).targets(targets, 1).sequenceLength(10).build();
        assertEquals(1, w.size());
        float[] x = new float[10], y = new float[1];
        w.read(0, x, 0, y, 0);
        assertEquals(10f, y[0]);

        // two features, start_index 2, end_index 9, length 3: num_seqs = 9 - 2 - 2 = 5 windows starting at steps 2..6
        float[] mv = new float[24];
        for (int t = 0; t < 12; t++) {
            mv[2 * t] = t;
            mv[2 * t + 1] = 100 + t;
        }
        float[] tg = new float[12];
        for (int t = 0; t < 12; t++) tg[t] = -t;
        TimeseriesWindows m = TimeseriesWindows.over(mv, 2).targets(tg, 1).sequenceLength(3).range(2, 9).build();
        assertEquals(5, m.size());
        assertEquals(Shape.of(3, 2), m.featureShape());
        float[] xm = new float[6];
        m.read(4, xm, 0, y, 0);
        assertArrayEquals(new float[] {6, 106, 7, 107, 8, 108}, xm);
        assertEquals(-6f, y[0]);
        assertThrows(IllegalArgumentException.class, () -> TimeseriesWindows.over(mv, 2).targets(tg, 1).sequenceLength(9).range(2, 9).build());
    }
}
