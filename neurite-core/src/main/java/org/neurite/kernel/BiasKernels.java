package org.neurite.kernel;

/**
 * The loops of a bias broadcast along the last axis of (rows, c) data, with a fused activation:
 * y = act(x + bias), and backward the derivative from the output with the bias gradient (column
 * sums) in the same pass.
 *
 * <p>Column sums run in a fixed order (deterministic for any thread count): rows are added in
 * groups of {@link #STRIPE}, one flat loop over STRIPE * c contiguous values the JIT vectorises,
 * where a loop over c columns (6 for a small convolution) would not; float partials are flushed to
 * double every {@link #FLUSH} groups, so the error does not grow with the number of rows.
 */
public final class BiasKernels {
    private BiasKernels() {}

    private static final int STRIPE = 16;
    private static final int FLUSH = 64;

    /** y = act(x + bias) over rows of c values; bias (c) may be null. */
    public static void addBiasActivate(float[] x, float[] bias, float[] y, int c, FusedActivation act) {
        int rows = x.length / Math.max(1, c);
        // few channels: add a stripe of STRIPE copies of the bias in one flat loop the JIT vectorises
        float[] stripe = bias != null && c < STRIPE ? Buffers.floats(STRIPE * c) : null;
        if (stripe != null) for (int i = 0; i < stripe.length; i++) stripe[i] = bias[i % c];
        Parallel.forRange(rows, Math.max(1, Arithmetic.PARALLEL_GRAIN / Math.max(1, c)), (r0, r1) -> {
            int r = r0;
            if (stripe != null) {
                int width = stripe.length;
                for (; r + STRIPE <= r1; r += STRIPE) {
                    int o = r * c;
                    for (int i = 0; i < width; i++) y[o + i] = x[o + i] + stripe[i];
                }
            }
            for (; r < r1; r++) {
                int o = r * c;
                if (bias == null) System.arraycopy(x, o, y, o, c);
                else for (int j = 0; j < c; j++) y[o + j] = x[o + j] + bias[j];
            }
            act.applyInPlace(y, r0 * c, r1 * c);
        });
    }

    /** y's rows (rows, c) all set to the bias (c): the start of a GEMM that accumulates onto it. */
    public static void fillRows(float[] bias, float[] y, int rows, int c) {
        for (int r = 0; r < rows; r++) System.arraycopy(bias, 0, y, r * c, c);
    }

    /** The sums of each of the c columns of d (rows, c). */
    public static float[] columnSums(float[] d, int c) {
        int rows = d.length / c;
        int width = STRIPE * c;
        double[] acc = new double[c];
        int groups = rows / STRIPE;
        float[] part = groups > 0 ? Buffers.floats(width) : null;
        for (int gi = 0; gi < groups; gi++) {
            int o = gi * width;
            for (int i = 0; i < width; i++) part[i] += d[o + i];
            if ((gi + 1) % FLUSH == 0 || gi == groups - 1) {
                for (int i = 0; i < width; i++) {
                    acc[i % c] += part[i];
                    part[i] = 0f;
                }
            }
        }
        return finishColumnSums(d, c, groups, acc);
    }

    /**
     * d = g * act'(y), and returns its column sums with exactly the arithmetic of
     * {@link #columnSums}: the float partial of each run of FLUSH groups of STRIPE rows is computed
     * right after that run's derivative (while it is in cache), the runs in parallel, then the
     * partials are flushed into the double accumulators in run order, then the rows after the last
     * whole group, in order.
     */
    public static float[] derivativeAndColumnSums(FusedActivation act, float[] g, float[] y, float[] d, int c) {
        int rows = d.length / c;
        int width = STRIPE * c;
        int groups = rows / STRIPE;
        int runs = (groups + FLUSH - 1) / FLUSH;
        float[] partials = Buffers.floats(runs * width);
        int runRows = FLUSH * STRIPE;
        Parallel.forRange(runs, Math.max(1, Arithmetic.PARALLEL_GRAIN / (runRows * c)), (r0, r1) -> {
            for (int run = r0; run < r1; run++) {
                int from = run * runRows * c;
                int to = run == runs - 1 ? d.length : Math.min(d.length, (run + 1) * runRows * c);
                act.backward(g, y, d, from, to);
                int g1 = Math.min(groups, (run + 1) * FLUSH);
                int po = run * width;
                for (int gi = run * FLUSH; gi < g1; gi++) {
                    int o = gi * width;
                    for (int i = 0; i < width; i++) partials[po + i] += d[o + i];
                }
            }
        });
        if (runs == 0) act.backward(g, y, d, 0, d.length);
        double[] acc = new double[c];
        for (int run = 0; run < runs; run++) {
            int po = run * width;
            for (int i = 0; i < width; i++) acc[i % c] += partials[po + i];
        }
        return finishColumnSums(d, c, groups, acc);
    }

    /** Adds the rows after the last whole group, in order, and rounds the sums to float. */
    private static float[] finishColumnSums(float[] d, int c, int groups, double[] acc) {
        int rows = d.length / c;
        for (int r = groups * STRIPE; r < rows; r++) {
            for (int j = 0; j < c; j++) acc[j] += d[r * c + j];
        }
        float[] s = Buffers.floats(c);
        for (int j = 0; j < c; j++) s[j] = (float) acc[j];
        return s;
    }

    /**
     * small = g * act'(p) at the cells of a pooled map p, zero where the maximum was padding
     * (argmax &lt; 0): the activation's derivative taken on pooled cells only.
     */
    public static void pooledDerivative(FusedActivation act, float[] g, float[] p, int[] argmax, float[] small) {
        Parallel.forRange(p.length, Arithmetic.PARALLEL_GRAIN, (from, to) -> {
            act.backward(g, p, small, from, to);
            for (int o = from; o < to; o++) if (argmax[o] < 0) small[o] = 0f; // a padded maximum drops its gradient
        });
    }
}
