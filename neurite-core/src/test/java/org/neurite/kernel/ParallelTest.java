package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final int DEFAULT_THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(DEFAULT_THREADS);
    }

    @Test
    void coversEveryIndexExactlyOnce() {
        for (int t = 1; t <= 4; t++) {
            Parallel.setThreads(t);
            for (int n : new int[] {0, 1, 2, 3, 7, 100}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                Parallel.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " with " + t + " threads");
            }
        }
    }

    @Test
    void nestedCallsRunInline() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forRange(8, (a, b) -> {
            for (int i = a; i < b; i++) {
                int base = i * 8;
                assertTrue(Parallel.inParallelRegion());
                Parallel.forRange(8, (c, d) -> {
                    for (int j = c; j < d; j++) hits.incrementAndGet(base + j);
                });
            }
        });
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void exceptionsReachTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(10, (a, b) -> {
            if (b == 10) throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
