package org.neurite.nn.training;

import org.neurite.tensor.Tensor;

/**
 * Rows (samples along the first axis) copied out of a tensor. Batching and shuffling for training
 * live in {@link org.neurite.data.BatchStream}, the one path for tensors and sample sources.
 */
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

    private static void requireRank(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("cannot batch a scalar: data needs a sample axis first, got shape " + t.shape());
    }
}
