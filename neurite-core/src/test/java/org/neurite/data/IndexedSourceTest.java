package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class IndexedSourceTest {
    @Test
    void aViewReadsTheChosenSamplesInItsOrder() {
        Dataset d = Dataset.of(Tensor.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2), Tensor.vector(0f, 1f, 2f, 3f));
        IndexedSource v = IndexedSource.range(d, new int[] {3, 1, 0, 2}, 1, 3); // samples 1 then 0
        assertEquals(2, v.size());
        float[] x = new float[2], y = new float[1];
        v.read(0, x, 0, y, 0);
        assertArrayEquals(new float[] {10, 11}, x);
        assertEquals(1f, y[0]);
        v.read(1, x, 0, y, 0);
        assertArrayEquals(new float[] {0, 1}, x);
        assertEquals(0f, y[0]);
        assertArrayEquals(new int[] {0, 1, 2}, IndexedSource.identity(3));
        assertThrows(IndexOutOfBoundsException.class, () -> new IndexedSource(d, new int[] {4}));
    }
}
