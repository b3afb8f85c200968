package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

public class BatchStreamTest {
    /** Sample i: features (2,) = (i, -i), target () = 100 + i; optionally fails at one index, counts reads. */
    static final class Numbered implements SampleSource {
        final int n;
        final int failAt;
        final AtomicInteger reads = new AtomicInteger();

        Numbered(int n, int failAt) {
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Shape featureShape() {
            return Shape.of(2);
        }

        @Override
        public Shape targetShape() {
            return Shape.of();
        }

        @Override
        public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
            reads.incrementAndGet();
            if (index == failAt) throw new IllegalArgumentException("sample " + index + ": corrupt file img_" + index + ".png");
            x[xOffset] = index;
            x[xOffset + 1] = -index;
            y[yOffset] = 100 + index;
        }

        @Override
        public String toString() {
            return "Numbered(" + n + ")";
        }
    }

    private static List<Integer> targetsOf(BatchStream stream, int epoch, List<Integer> batchSizes) {
        List<Integer> out = new ArrayList<>();
        try (BatchStream.Epoch e = stream.epoch(epoch)) {
            while (e.hasNext()) {
                BatchStream.Batch b = e.next();
                batchSizes.add(b.size());
                assertArrayEquals(new int[] {b.size(), 2}, b.xs().get(0).shape().dims());
                assertArrayEquals(new int[] {b.size()}, b.ys().get(0).shape().dims());
                for (int i = 0; i < b.size(); i++) {
                    int sample = (int) b.ys().get(0).data()[i] - 100;
                    assertEquals(sample, b.xs().get(0).data()[2 * i]);
                    assertEquals(-sample, b.xs().get(0).data()[2 * i + 1]);
                    out.add(sample);
                }
            }
        }
        return out;
    }

    @Test
    void storedOrderWithASmallerLastBatchOrDroppedRemainder() {
        List<Integer> sizes = new ArrayList<>();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), targetsOf(new BatchStream(new Numbered(7, -1), 3, false, 0, false), 0, sizes));
        assertEquals(List.of(3, 3, 1), sizes);
        sizes.clear();
        BatchStream drop = new BatchStream(new Numbered(7, -1), 3, false, 0, true);
        assertEquals(2, drop.batchesPerEpoch());
        assertEquals(6, drop.samplesPerEpoch());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), targetsOf(drop, 0, sizes));
        assertEquals(List.of(3, 3), sizes);
    }

    @Test
    void shuffledOrderIsThePermutationOfSeedPlusEpoch() {
        BatchStream s = new BatchStream(new Numbered(20, -1), 6, true, 40, false);
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> expected = new ArrayList<>();
            for (int i : BatchStream.permutation(20, 40 + epoch)) expected.add(i);
            assertEquals(expected, targetsOf(s, epoch, new ArrayList<>()), "epoch " + epoch);
        }
        assertFalse(targetsOf(s, 0, new ArrayList<>()).equals(targetsOf(s, 1, new ArrayList<>())));
    }

    @ParameterizedTest(name = "{0} loader threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void loaderThreadsChangeNeitherTheBatchesNorTheirOrder(int threads) {
        BatchStream plain = new BatchStream(new Numbered(103, -1), 8, true, 7, false);
        List<Integer> sizesPlain = new ArrayList<>(), sizesThreaded = new ArrayList<>();
        List<Integer> expected = targetsOf(plain, 2, sizesPlain);
        assertEquals(expected, targetsOf(plain.prefetch(threads, threads + 1), 2, sizesThreaded));
        assertEquals(sizesPlain, sizesThreaded);
    }

    @Test
    void prefetchIsBounded() throws Exception {
        Numbered src = new Numbered(100, -1);
        try (BatchStream.Epoch e = new BatchStream(src, 10, false, 0, false).prefetch(2, 3).epoch(0)) {
            e.next();
            Thread.sleep(200); // loaders would read everything if the queue were unbounded
            assertTrue(src.reads.get() <= (1 + 3) * 10, "read " + src.reads.get() + " samples ahead");
        }
    }

    @Test
    void aLoaderFailureSurfacesWithItsCauseAndStopsTheLoaders() throws Exception {
        Numbered src = new Numbered(50, 23);
        BatchStream s = new BatchStream(src, 5, false, 0, false).prefetch(2, 4);
        IllegalStateException e;
        try (BatchStream.Epoch epoch = s.epoch(0)) {
            e = assertThrows(IllegalStateException.class, () -> {
                while (epoch.hasNext()) epoch.next();
            });
        }
        assertTrue(e.getMessage().contains("batch 4") && e.getMessage().contains("img_23.png"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        assertEquals("sample 23: corrupt file img_23.png", e.getCause().getMessage());
        assertNoLoaderThreadsLeft();
    }

    @Test
    void loaderThreadsAreDaemonsAndEndWithTheEpoch() throws Exception {
        BatchStream s = new BatchStream(new Numbered(40, -1), 4, true, 1, false).prefetch(3, 3);
        try (BatchStream.Epoch e = s.epoch(0)) {
            e.next();
            boolean sawDaemon = false;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("neurite-loader-") && t.isAlive()) {
                    assertTrue(t.isDaemon(), t.getName());
                    sawDaemon = true;
                }
            }
            assertTrue(sawDaemon);
        } // closed half-way through the epoch
        assertNoLoaderThreadsLeft();
    }

    public static void assertNoLoaderThreadsLeft() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("neurite-loader-")) t.join(2000);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().startsWith("neurite-loader-") && t.isAlive(), "loader thread still running: " + t.getName());
        }
    }

    @Test
    void tensorsOfSeveralInputsAndTargetsAreBatchedTogether() {
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3}, 4), b = Tensor.of(new float[] {0, 0, 10, 10, 20, 20, 30, 30}, 4, 2);
        Tensor y = Tensor.of(new float[] {5, 6, 7, 8}, 4);
        BatchStream s = new BatchStream(MultiSampleSource.of(List.of(a, b), List.of(y)), 3, true, 9, false);
        int[] order = BatchStream.permutation(4, 9 + 1);
        try (BatchStream.Epoch e = s.epoch(1)) {
            BatchStream.Batch first = e.next();
            for (int i = 0; i < 3; i++) {
                assertEquals(order[i], first.xs().get(0).data()[i]);
                assertEquals(10 * order[i], first.xs().get(1).data()[2 * i + 1]);
                assertEquals(5 + order[i], first.ys().get(0).data()[i]);
            }
            assertEquals(1, e.next().size());
            assertFalse(e.hasNext());
        }
    }

    @Test
    void datasetReadsItsRows() {
        Dataset d = DatasetTest.numbered(4);
        assertEquals(Shape.of(2, 3), d.featureShape());
        assertEquals(Shape.of(), d.targetShape());
        float[] x = new float[8], y = new float[3];
        d.read(2, x, 2, y, 1);
        assertArrayEquals(new float[] {0, 0, 20, 21, 22, 23, 24, 25}, x);
        assertArrayEquals(new float[] {0, 2, 0}, y);
        assertThrows(IndexOutOfBoundsException.class, () -> d.read(4, x, 0, y, 0));
    }
}
