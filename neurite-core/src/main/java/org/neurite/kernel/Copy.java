package org.neurite.kernel;

import java.util.Arrays;

/** The copies behind reshaping ops (permute, slice, concat, broadcast): runs and blocks of floats. */
public final class Copy {
    private Copy() {}

    /** o[op + i] = x[ia + i*step] for i &lt; n (one innermost run of a permutation). */
    public static void stridedRun(float[] x, int ia, int step, float[] o, int op, int n) {
        for (int i = 0; i < n; i++) o[op + i] = x[ia + i * step];
    }

    /** One innermost run of a broadcast: n copies of x[ia] when step is 0, else x[ia, ia + n). */
    public static void broadcastRun(float[] x, int ia, int step, float[] o, int op, int n) {
        if (step == 0) Arrays.fill(o, op, op + n, x[ia]);
        else System.arraycopy(x, ia, o, op, n);
    }

    /** count blocks of len floats: block p goes from src[srcOff + p*srcStride] to dst[dstOff + p*dstStride]. */
    public static void blocks(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int count, int len) {
        for (int p = 0; p < count; p++) System.arraycopy(src, srcOff + p * srcStride, dst, dstOff + p * dstStride, len);
    }
}
