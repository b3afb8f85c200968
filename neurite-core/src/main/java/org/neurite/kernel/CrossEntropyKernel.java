package org.neurite.kernel;

/**
 * Softmax cross-entropy from logits over rows of c values, as one pass per row:
 * loss = logsumexp(z) - sum(t z) for targets t that sum to one; backward
 * (softmax(z) * sum(t) - t) * g, with no intermediate log-probability array.
 */
public final class CrossEntropyKernel {
    private CrossEntropyKernel() {}

    /** Fills loss (rows), softmax (rows, c) and targetSum (rows) from logits z and targets t (rows, c). */
    public static void forward(float[] z, float[] t, int rows, int c, float[] loss, float[] softmax, float[] targetSum) {
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, z[o + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(z[o + j] - max);
            double lse = max + Math.log(sum);
            double l = 0, ts = 0;
            for (int j = 0; j < c; j++) {
                l += t[o + j] * (lse - z[o + j]);
                ts += t[o + j];
                softmax[o + j] = (float) (Math.exp(z[o + j] - lse));
            }
            loss[r] = (float) l;
            targetSum[r] = (float) ts;
        }
    }

    /** d = (softmax * targetSum - t) * g, g one value per row. */
    public static void backward(float[] softmax, float[] targetSum, float[] t, float[] g, int rows, int c, float[] d) {
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int j = 0; j < c; j++) d[o + j] = (softmax[o + j] * targetSum[r] - t[o + j]) * g[r];
        }
    }
}
