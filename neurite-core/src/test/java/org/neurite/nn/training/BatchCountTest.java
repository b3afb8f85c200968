package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 12: a batch size of 2^31-1 overflowed (n + batchSize - 1) to zero steps, and fit trained nothing. */
class BatchCountTest {
    @Test
    void countNeverOverflows() {
        assertEquals(1, Batches.count(5400, Integer.MAX_VALUE));
        assertEquals(1, Batches.count(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(2, Batches.count(Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
        assertEquals(85, Batches.count(5400, 64)); // ceil(5400 / 64)
        assertEquals(84, Batches.count(5376, 64));
        assertEquals(0, Batches.count(0, 64));
    }
}
