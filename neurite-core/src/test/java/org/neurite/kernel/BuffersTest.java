package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuffersTest {
    private static final int N = Buffers.MIN_RECYCLED;

    @Test
    void outsideAStepEveryArrayIsNew() {
        assertNotSame(Buffers.floats(N), Buffers.floats(N));
    }

    @Test
    void theNextStepReusesTheArraysOfThePreviousOneZeroFilled() {
        Buffers.Recycler r = Buffers.recycler();
        float[] first;
        try (Buffers.Scope s = r.beginStep()) {
            first = Buffers.floats(N);
            first[3] = 7f;
        }
        try (Buffers.Scope s = r.beginStep()) {
            float[] again = Buffers.floats(N);
            assertSame(first, again);
            assertArrayEquals(new float[N], again);
            assertNotSame(first, Buffers.floats(N), "one array is handed out once per step");
        }
    }

    @Test
    void sizesAreMatchedExactlyAndSmallArraysAreNotTracked() {
        Buffers.Recycler r = Buffers.recycler();
        float[] big, small;
        try (Buffers.Scope s = r.beginStep()) {
            big = Buffers.floats(N + 1);
            small = Buffers.floats(N - 1);
        }
        try (Buffers.Scope s = r.beginStep()) {
            assertNotSame(big, Buffers.floats(N + 2));
            assertNotSame(small, Buffers.floats(N - 1));
            assertSame(big, Buffers.floats(N + 1));
        }
    }

    @Test
    void unrecycledSectionsAndOtherThreadsGetNewArrays() throws Exception {
        Buffers.Recycler r = Buffers.recycler();
        float[] kept;
        try (Buffers.Scope s = r.beginStep()) {
            try (Buffers.Scope u = Buffers.unrecycled()) {
                kept = Buffers.floats(N);
            }
            float[][] fromOther = new float[1][];
            Thread t = new Thread(() -> fromOther[0] = Buffers.floats(N));
            t.start();
            t.join();
            Buffers.floats(N); // tracked again after the section
        }
        kept[0] = 5f;
        try (Buffers.Scope s = r.beginStep()) {
            float[] a = Buffers.floats(N);
            assertNotSame(kept, a);
            assertNotSame(kept, Buffers.floats(N));
        }
        assertEquals(5f, kept[0]);
    }

    @Test
    void aStepInsideItsOwnStepDoesNotRecycleTheOuterArrays() {
        Buffers.Recycler r = Buffers.recycler();
        try (Buffers.Scope s = r.beginStep()) {
            Buffers.floats(N);
        }
        try (Buffers.Scope s = r.beginStep()) {
            float[] outer = Buffers.floats(N);
            outer[0] = 1f;
            try (Buffers.Scope inner = r.beginStep()) {
                assertNotSame(outer, Buffers.floats(N));
            }
            assertEquals(1f, outer[0]);
        }
    }

    @Test
    void arraysKeptPastTheirStepArePoisonedInTests() {
        assertTrue(Boolean.getBoolean("neurite.poisonRecycledBuffers"), "the build's test configuration sets neurite.poisonRecycledBuffers");
        Buffers.Recycler r = Buffers.recycler();
        float[] kept;
        try (Buffers.Scope s = r.beginStep()) {
            kept = Buffers.floats(N);
        }
        try (Buffers.Scope s = r.beginStep()) {
            assertTrue(Float.isNaN(kept[0]) && Float.isNaN(kept[N - 1]));
        }
    }
}
