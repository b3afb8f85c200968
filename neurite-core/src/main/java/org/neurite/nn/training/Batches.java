package org.neurite.nn.training;

import org.neurite.tensor.Tensor;

/**
 * Rows (samples along the first axis) copied out of a tensor. Batching and shuffling for training
 * live in {@link org.neurite.data.BatchStream}, the one path for tensors and sample sources.
 */
public final class Batches {
    private Batches() {}

    /**
     * Copies rows {@code [from, to)} of a tensor into a new tensor (one {@code System.arraycopy}).
     *
     * @param t a tensor of shape {@code (N, ...)}, rank 1 or more
     * @param from first row copied, in {@code [0, N]}
     * @param to row after the last one copied, in {@code [from, N]}
     * @return a new tensor of shape {@code (to - from, ...)}, sharing no data with {@code t}
     * @throws IllegalArgumentException if {@code t} is a scalar
     */
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
