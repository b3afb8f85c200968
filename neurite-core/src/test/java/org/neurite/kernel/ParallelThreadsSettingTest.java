package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** -Dneurite.threads / NEURITE_THREADS: the property wins, then the variable, then the processors. */
class ParallelThreadsSettingTest {
    @Test
    void propertyThenEnvironmentThenProcessors() {
        assertEquals(3, Parallel.initialThreads("3", "5", 8));
        assertEquals(5, Parallel.initialThreads(null, " 5 ", 8));
        assertEquals(8, Parallel.initialThreads(null, null, 8));
        assertEquals(8, Parallel.initialThreads("", null, 8));
        assertEquals(1, Parallel.initialThreads(null, null, 0));
    }

    @Test
    void badValuesNameTheSetting() {
        assertEquals("-Dneurite.threads: expected a whole number of threads >= 1, got 'two'",
                assertThrows(IllegalArgumentException.class, () -> Parallel.initialThreads("two", null, 8)).getMessage());
        assertEquals("NEURITE_THREADS: expected a whole number of threads >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Parallel.initialThreads(null, "0", 8)).getMessage());
    }
}
