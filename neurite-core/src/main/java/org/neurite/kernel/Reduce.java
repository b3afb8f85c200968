package org.neurite.kernel;

/**
 * The loops of sums, maxima and argmax over axes. Sums accumulate in double, so a mean over a
 * whole data set stays exact to float precision. The caller walks the shapes (tensor/ops'
 * broadcasting walk) and hands each innermost run to these loops.
 */
public final class Reduce {
    private Reduce() {}

    /** o[r] = x[r*inner] + ... + x[r*inner + inner - 1]: each output sums one contiguous run. */
    public static void sumContiguousRuns(float[] x, float[] o, int inner) {
        for (int r = 0; r < o.length; r++) o[r] = (float) run(x, r * inner, inner);
    }

    /** x[at] + ... + x[at + n - 1] in double: four interleaved partial sums (not one long chain of dependent adds). */
    private static double run(float[] x, int at, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = at, end = at + n;
        for (; i + 3 < end; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < end; i++) s0 += x[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** One run of a sum over axes: x[pos + i] is added to acc[out + i*step] (all into acc[out] when step is 0). */
    public static void accumulateRun(float[] x, int pos, double[] acc, int out, int step, int n) {
        if (step == 0) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[pos + i];
            acc[out] += s;
        } else {
            for (int i = 0; i < n; i++) acc[out + i * step] += x[pos + i];
        }
    }

    /** o[i] = (float) acc[i]. */
    public static void toFloats(double[] acc, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = (float) acc[i];
    }

    /** One run of a max over axes: m[out + i*step] = max(m[...], x[pos + i]); NaN wins. */
    public static void maxRun(float[] x, int pos, float[] m, int out, int step, int n) {
        for (int i = 0; i < n; i++) {
            int k = out + i * step;
            if (x[pos + i] > m[k] || Float.isNaN(x[pos + i])) m[k] = x[pos + i];
        }
    }

    /** Index of the maximum along the middle axis of (outer, n, inner) data (first one on ties), as floats (outer, inner). */
    public static void argmax(float[] x, float[] o, int outer, int n, int inner) {
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                int best = 0;
                for (int i = 1; i < n; i++) if (x[base + i * inner] > x[base + best * inner]) best = i;
                o[p * inner + q] = best;
            }
        }
    }
}
