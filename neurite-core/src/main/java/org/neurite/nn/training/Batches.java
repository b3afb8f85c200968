package org.neurite.nn.training;

import java.util.SplittableRandom;
import org.neurite.tensor.Tensor;

/** Rows (samples along the first axis) copied out of a tensor into batches, and deterministic shuffling. */
public final class Batches {
    private Batches() {}

    /** Rows [from, to) as a new tensor (one System.arraycopy). */
    public static Tensor rows(Tensor t, int from, int to) {
        requireRank(t);
        int row = t.size() / Math.max(1, t.dim(0));
        float[] d = new float[(to - from) * row];
        System.arraycopy(t.data(), from * row, d, 0, d.length);
        return Tensor.of(d, t.shape().withDim(0, to - from));
    }

    /** The rows {@code order[from..to)} in that order, as a new tensor. */
    public static Tensor rows(Tensor t, int[] order, int from, int to) {
        requireRank(t);
        int row = t.size() / Math.max(1, t.dim(0));
        float[] src = t.data();
        float[] d = new float[(to - from) * row];
        for (int i = from; i < to; i++) System.arraycopy(src, order[i] * row, d, (i - from) * row, row);
        return Tensor.of(d, t.shape().withDim(0, to - from));
    }

    /** 0..n-1 shuffled by Fisher-Yates with a SplittableRandom of the given seed. */
    public static int[] shuffledOrder(int n, long seed) {
        int[] order = identity(n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    /** ceil(n / batchSize). */
    public static int count(int n, int batchSize) {
        return n <= 0 ? 0 : (n - 1) / batchSize + 1; // (n + batchSize - 1) would overflow for a huge batch size
    }

    private static void requireRank(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("cannot batch a scalar: data needs a sample axis first, got shape " + t.shape());
    }
}
