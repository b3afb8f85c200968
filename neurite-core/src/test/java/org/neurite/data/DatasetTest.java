package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurite.tensor.Tensor;

class DatasetTest {
    /** n samples; features (n, 2, 3) with sample i filled with i*10 + position, targets (n,) = i. */
    static Dataset numbered(int n) {
        float[] x = new float[n * 6];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i;
            for (int k = 0; k < 6; k++) x[i * 6 + k] = i * 10 + k;
        }
        return new Dataset(Tensor.of(x, n, 2, 3), Tensor.of(y, n));
    }

    static void assertSample(Tensor x, int row, int sample) {
        for (int k = 0; k < 6; k++) assertEquals(sample * 10 + k, x.data()[row * 6 + k], "row " + row);
    }

    @Test
    void firstDimensionsMustAgree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(5, 3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("5 samples") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(Tensor.scalar(1), Tensor.zeros(1)));
    }

    @Test
    void sliceAndTakeCopyRows() {
        Dataset d = numbered(10);
        Dataset s = d.slice(3, 7);
        assertEquals(4, s.size());
        assertArrayEquals(new int[] {4, 2, 3}, s.features().shape().dims());
        for (int r = 0; r < 4; r++) assertSample(s.features(), r, r + 3);
        assertArrayEquals(new float[] {3, 4, 5, 6}, s.targets().data());
        s.features().data()[0] = -1;
        assertEquals(30, d.features().data()[18], "slice is a copy");
        assertEquals(10, d.take(100).size());
        assertEquals(2, d.take(2).size());
        assertEquals(0, d.slice(5, 5).size());
        assertThrows(IndexOutOfBoundsException.class, () -> d.slice(8, 11));
        assertEquals("(2, 3)", d.sampleShape().toString());
    }

    @ParameterizedTest(name = "n={0} fraction={1} -> {2} train")
    @CsvSource({"10, 0.2, 8", "10, 0.7, 3", "60000, 0.1, 54000", "7, 0.5, 3", "3, 0.34, 1", "100, 0.25, 75"})
    void splitLastFollowsKeras(int n, double fraction, int expectedTrain) {
        // Keras: split_at = floor(n * (1 - validation_split)); train = [:split_at], validation = [split_at:]
        Dataset.Split s = numbered(n).splitLast(fraction);
        assertEquals(expectedTrain, s.train().size());
        assertEquals(n - expectedTrain, s.validation().size());
        assertEquals(0f, s.train().targets().data()[0]);
        assertEquals(expectedTrain, s.validation().targets().data()[0], "validation starts right after train, no shuffling");
        assertEquals(n - 1, s.validation().targets().data()[n - expectedTrain - 1]);
    }

    @Test
    void splitLastRejectsDegenerateSplits() {
        assertThrows(IllegalArgumentException.class, () -> numbered(10).splitLast(0));
        assertThrows(IllegalArgumentException.class, () -> numbered(10).splitLast(1));
        assertThrows(IllegalArgumentException.class, () -> numbered(10).splitLast(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbered(1).splitLast(0.5));
        assertTrue(e.getMessage().contains("1 samples"), e.getMessage());
        // 1 - 1e-17 == 1.0 in double: the split index is n and the validation set would be empty
        assertThrows(IllegalArgumentException.class, () -> numbered(10).splitLast(1e-17));
    }

    @Test
    void batchesInOrderWithSmallerLastBatch() {
        Dataset d = numbered(10);
        List<Dataset.Batch> batches = new ArrayList<>();
        d.batches(4).forEach(batches::add);
        assertEquals(3, batches.size());
        assertEquals(3, d.numBatches(4));
        assertArrayEquals(new int[] {4, 4, 2}, batches.stream().mapToInt(Dataset.Batch::size).toArray());
        assertArrayEquals(new int[] {2, 2, 3}, batches.get(2).x().shape().dims());
        assertArrayEquals(new float[] {8, 9}, batches.get(2).y().data());
        assertSample(batches.get(1).x(), 0, 4);
        assertThrows(IllegalArgumentException.class, () -> d.batches(0));
    }

    static int[] order(Dataset d, int batchSize, long seed) {
        List<Integer> seen = new ArrayList<>();
        for (Dataset.Batch b : d.batches(batchSize, true, seed)) {
            for (int r = 0; r < b.size(); r++) {
                int sample = (int) b.y().data()[r];
                assertSample(b.x(), r, sample); // features travel with their target
                seen.add(sample);
            }
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void shufflingIsDeterministicAndAPermutation() {
        Dataset d = numbered(1000);
        int[] a = order(d, 32, 42);
        int[] again = order(d, 32, 42);
        int[] b = order(d, 32, 43);
        assertArrayEquals(a, again, "same seed, same order");
        assertArrayEquals(a, order(d, 7, 42), "order does not depend on the batch size");
        assertFalse(Arrays.equals(a, b), "different seed, different order");
        for (int[] o : new int[][] {a, b}) {
            int[] sorted = o.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 1000; i++) assertEquals(i, sorted[i], "every index exactly once");
        }
        int[] identity = new int[1000];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(a, identity));
        assertArrayEquals(a, toInts(d.shuffled(42).targets()));
    }

    @Test
    void permutationIsTheSameOnEveryMachine() {
        // Golden values: Fisher-Yates with java.util.SplittableRandom(seed).nextInt(i + 1), i from n-1 down.
        assertArrayEquals(GOLDEN_SEED_42, BatchStream.permutation(10, 42));
        assertArrayEquals(GOLDEN_SEED_0, BatchStream.permutation(10, 0));
        assertArrayEquals(new int[0], BatchStream.permutation(0, 1));
        assertArrayEquals(new int[] {0}, BatchStream.permutation(1, 1));
    }

    // Cross-checked with an independent re-implementation of SplittableRandom (mix32 + bounded rejection) in Python.
    static final int[] GOLDEN_SEED_42 = {3, 4, 7, 0, 8, 5, 9, 2, 6, 1};
    static final int[] GOLDEN_SEED_0 = {2, 9, 0, 7, 6, 1, 5, 3, 4, 8};

    @Test
    void selectGathersRows() {
        Dataset d = numbered(5).select(new int[] {4, 0, 4});
        assertArrayEquals(new float[] {4, 0, 4}, d.targets().data());
        assertSample(d.features(), 2, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(5).select(new int[] {5}));
    }

    static int[] toInts(Tensor t) {
        float[] f = t.data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) out[i] = (int) f[i];
        return out;
    }
}
