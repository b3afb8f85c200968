package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.neurite.data.BatchStream;
import org.neurite.data.SampleSource;
import org.neurite.tensor.Shape;

/** Batch counts never overflow: a huge batch size once wrapped (n + batchSize - 1) to zero steps. */
class BatchCountTest {
    private static int batches(int n, int batchSize) {
        SampleSource source = new SampleSource() {
            @Override public int size() { return n; }
            @Override public Shape featureShape() { return Shape.of(1); }
            @Override public Shape targetShape() { return Shape.scalar(); }
            @Override public void read(int index, float[] x, int xOffset, float[] y, int yOffset) { }
        };
        return new BatchStream(source, batchSize, false, 0L, false).batchesPerEpoch();
    }

    @Test
    void ceilOfSamplesOverBatchSizeWithoutOverflow() {
        assertEquals(1, batches(5400, Integer.MAX_VALUE));
        assertEquals(1, batches(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(2, batches(Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
        assertEquals(85, batches(5400, 64)); // ceil(5400 / 64)
        assertEquals(84, batches(5376, 64));
        assertEquals(0, batches(0, 64));
    }
}
