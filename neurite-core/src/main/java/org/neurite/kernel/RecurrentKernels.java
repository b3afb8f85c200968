package org.neurite.kernel;

/**
 * The loops of whole-sequence LSTM, GRU and SimpleRNN (the fused ops of tensor/ops'
 * RecurrentSequences). Each step is one GEMM {@code (N, u) x (u, k*u)} accumulated in place into the
 * step's slice of the input projection, followed by one loop that applies the gates; the backward
 * pass is back-propagation through time with one GEMM per step for the previous hidden state's
 * gradient, and one GEMM over all steps for the recurrent kernel's gradient.
 *
 * <p>Layouts: projections and gate values step-ordered {@code (N, T, k*u)} (k = 4 LSTM i,f,g,o;
 * 3 GRU z,r,hh; 1 RNN), recurrent kernel {@code (u, k*u)}, states {@code (N, u)}.
 */
public final class RecurrentKernels {
    private RecurrentKernels() {}

    /** Sequences one thread takes through all time steps at least (two 8-row GEMM tiles). */
    private static final int ROWS_PER_TASK = 16;

    /** Rows of N per parallel part: enough elementwise work to pay for the fork. */
    private static int grain(int units) {
        return Math.max(1, 32768 / Math.max(1, units));
    }

    /** A copy of (N, T, width) data in step order: z[:, s] = x[:, reverse ? T-1-s : s]. */
    public static float[] stepOrdered(float[] x, int n, int steps, int width, boolean reverse) {
        if (!reverse) {
            float[] z = Buffers.uninitialized(x.length);
            System.arraycopy(x, 0, z, 0, x.length);
            return z;
        }
        float[] z = Buffers.floats(x.length);
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(x, (b * steps + steps - 1 - s) * width, z, (b * steps + s) * width, width);
            }
        }
        return z;
    }

    /**
     * {@code dU = sum_s h_{s-1}^T dz_s} of a recurrent kernel U {@code (units, w)}, from the gates'
     * gradients {@code dz (N, T, w)} and the states ({@code h0}, then the first T-1 of {@code h},
     * which holds hSteps states per sample).
     */
    public static float[] recurrentKernelGrad(float[] h0, float[] h, int n, int steps, int units, int hSteps, float[] dz, int w) {
        float[] prev = Buffers.floats(n * steps * units); // [:, 0] = h0, [:, s] = h after step s-1
        for (int b = 0; b < n; b++) {
            System.arraycopy(h0, b * units, prev, b * steps * units, units);
            if (steps > 1) System.arraycopy(h, b * hSteps * units, prev, (b * steps + 1) * units, (steps - 1) * units);
        }
        float[] dk = Buffers.floats(units * w);
        Gemm.sgemm(true, false, units, w, n * steps, prev, 0, units, dz, 0, w, dk, 0, w, false);
        return dk;
    }

    // ---------------------------------------------------------------- LSTM

    /**
     * LSTM forward over step-ordered pre-activations z (N, T, 4u), which become the gate values
     * (i, f, g, o). Fills out (N, T+1, u): [:, s] = h after step s, [:, T] = final c; cs and tcs
     * (N, T, u) = c and tanh(c) after each step.
     */
    public static void lstmForward(float[] z, float[] u, float[] h0, float[] c0, int n, int steps, int units,
            float[] out, float[] cs, float[] tcs) {
        int w = 4 * units, ldo = (steps + 1) * units;
        Gemm.PackedB up = Gemm.pack(false, units, w, u, 0, w); // the same U at every step: pack it once
        // Threads take whole groups of sequences through all steps (one hand-off per sequence, not
        // per step); a row's result does not depend on the grouping, so any thread count agrees.
        Parallel.forRange(n, ROWS_PER_TASK, (b0, b1) -> {
            for (int s = 0; s < steps; s++) {
                if (s == 0) Gemm.sgemm(false, b1 - b0, h0, b0 * units, units, up, z, b0 * steps * w, steps * w, true);
                else Gemm.sgemm(false, b1 - b0, out, b0 * ldo + (s - 1) * units, ldo, up, z, b0 * steps * w + s * w, steps * w, true);
                for (int b = b0; b < b1; b++) {
                    int zb = (b * steps + s) * w, cb = (b * steps + s) * units, ob = b * ldo + s * units;
                    int pb = s == 0 ? b * units : cb - units;
                    float[] cp = s == 0 ? c0 : cs;
                    GateMath.sigmoid(z, zb, 2 * units);                            // i, f
                    GateMath.tanh(z, zb + 2 * units, z, zb + 2 * units, units);    // g
                    GateMath.sigmoid(z, zb + 3 * units, units);                    // o
                    for (int j = 0; j < units; j++) cs[cb + j] = z[zb + units + j] * cp[pb + j] + z[zb + j] * z[zb + 2 * units + j];
                    GateMath.tanh(cs, cb, tcs, cb, units);
                    for (int j = 0; j < units; j++) out[ob + j] = z[zb + 3 * units + j] * tcs[cb + j];
                }
            }
        });
        for (int b = 0; b < n; b++) System.arraycopy(cs, (b * steps + steps - 1) * units, out, b * ldo + steps * units, units);
    }

    /**
     * LSTM backward through time from the output gradient g (N, T+1, u) and the forward's gate
     * values z, cs, tcs: fills dz (N, T, 4u) and the initial states' gradients dh and dc (N, u).
     */
    public static void lstmBackward(float[] g, float[] z, float[] cs, float[] tcs, float[] u, float[] c0, int n, int steps, int units,
            float[] dz, float[] dh, float[] dc) {
        int w = 4 * units, ldo = (steps + 1) * units;
        for (int b = 0; b < n; b++) System.arraycopy(g, b * ldo + steps * units, dc, b * units, units);
        Gemm.PackedB ut = Gemm.pack(true, w, units, u, 0, w); // U^T, the same at every step
        Parallel.forRange(n, ROWS_PER_TASK, (b0, b1) -> {
            for (int s = steps - 1; s >= 0; s--) {
                for (int b = b0; b < b1; b++) {
                    int zb = (b * steps + s) * w, cb = (b * steps + s) * units, ob = b * ldo + s * units;
                    int pb = s == 0 ? b * units : cb - units;
                    float[] cp = s == 0 ? c0 : cs;
                    for (int j = 0; j < units; j++) {
                        float i = z[zb + j], f = z[zb + units + j], gg = z[zb + 2 * units + j], o = z[zb + 3 * units + j];
                        float tc = tcs[cb + j];
                        float dht = g[ob + j] + dh[b * units + j];
                        float dct = dc[b * units + j] + dht * o * (1f - tc * tc);
                        dz[zb + j] = dct * gg * i * (1f - i);
                        dz[zb + units + j] = dct * cp[pb + j] * f * (1f - f);
                        dz[zb + 2 * units + j] = dct * i * (1f - gg * gg);
                        dz[zb + 3 * units + j] = dht * tc * o * (1f - o);
                        dc[b * units + j] = dct * f;
                    }
                }
                // dh_{s-1} = dz_s U^T
                Gemm.sgemm(false, b1 - b0, dz, b0 * steps * w + s * w, steps * w, ut, dh, b0 * units, units, false);
            }
        });
    }

    // ---------------------------------------------------------------- GRU (reset_after)

    /**
     * GRU (Keras reset_after=True, PyTorch nn.GRU) forward over step-ordered projections x (N, T, 3u),
     * which become the gate values (z, r, hh); rb (3u) is the recurrent bias. Fills out (N, T, u)
     * and rh (N, T, u) = h U_h + b_h (what r multiplies).
     */
    public static void gruForward(float[] x, float[] u, float[] rb, float[] h0, int n, int steps, int units, float[] out, float[] rh) {
        int w = 3 * units, ldo = steps * units;
        float[] rec = Buffers.floats(n * w);
        for (int s = 0; s < steps; s++) {
            if (s == 0) Gemm.sgemm(false, false, n, w, units, h0, 0, units, u, 0, w, rec, 0, w, false);
            else Gemm.sgemm(false, false, n, w, units, out, (s - 1) * units, ldo, u, 0, w, rec, 0, w, false);
            final int st = s;
            Parallel.forRange(n, grain(units), (from, to) -> {
                for (int b = from; b < to; b++) {
                    int xb = (b * steps + st) * w, hb = (b * steps + st) * units, rb0 = b * w;
                    float[] hp = st == 0 ? h0 : out;
                    int pb = st == 0 ? b * units : hb - units;
                    for (int j = 0; j < 2 * units; j++) x[xb + j] += rec[rb0 + j] + rb[j];
                    GateMath.sigmoid(x, xb, 2 * units); // z, r
                    for (int j = 0; j < units; j++) {
                        float rhh = rec[rb0 + 2 * units + j] + rb[2 * units + j];
                        rh[hb + j] = rhh;
                        x[xb + 2 * units + j] += x[xb + units + j] * rhh;
                    }
                    GateMath.tanh(x, xb + 2 * units, x, xb + 2 * units, units); // hh
                    for (int j = 0; j < units; j++) {
                        float zg = x[xb + j];
                        out[hb + j] = zg * hp[pb + j] + (1f - zg) * x[xb + 2 * units + j];
                    }
                }
            });
        }
    }

    /**
     * GRU backward through time from g (N, T, u) and the forward's gate values x, outputs out and
     * rh: fills dx (gradient of the projection) and dr (gradient of h U + rb), both step-ordered
     * (N, T, 3u), and dh (N, u), the initial state's gradient.
     */
    public static void gruBackward(float[] g, float[] x, float[] out, float[] rh, float[] u, float[] h0, int n, int steps, int units,
            float[] dx, float[] dr, float[] dh) {
        int w = 3 * units;
        for (int s = steps - 1; s >= 0; s--) {
            final int st = s;
            Parallel.forRange(n, grain(units), (from, to) -> {
                for (int b = from; b < to; b++) {
                    int xb = (b * steps + st) * w, hb = (b * steps + st) * units;
                    float[] hp = st == 0 ? h0 : out;
                    int pb = st == 0 ? b * units : hb - units;
                    for (int j = 0; j < units; j++) {
                        float zg = x[xb + j], rg = x[xb + units + j], hh = x[xb + 2 * units + j];
                        float dht = g[hb + j] + dh[b * units + j];
                        float dz = dht * (hp[pb + j] - hh) * zg * (1f - zg);
                        float da = dht * (1f - zg) * (1f - hh * hh);
                        float drg = da * rh[hb + j] * rg * (1f - rg);
                        dx[xb + j] = dz;
                        dx[xb + units + j] = drg;
                        dx[xb + 2 * units + j] = da;
                        dr[xb + j] = dz;
                        dr[xb + units + j] = drg;
                        dr[xb + 2 * units + j] = da * rg;
                        dh[b * units + j] = dht * zg; // direct path; the recurrent path is added below
                    }
                }
            });
            Gemm.sgemm(false, true, n, units, w, dr, s * w, steps * w, u, 0, w, dh, 0, units, true);
        }
    }

    /** db[j] = sum over rows of d (rows, w)[r, j]. */
    public static float[] rowSums(float[] d, int w) {
        float[] db = Buffers.floats(w);
        for (int r = 0; r < d.length / w; r++) for (int j = 0; j < w; j++) db[j] += d[r * w + j];
        return db;
    }

    // ---------------------------------------------------------------- SimpleRNN

    /** SimpleRNN forward in place: out holds the step-ordered pre-activations (N, T, u) and becomes h. */
    public static void rnnForward(float[] out, float[] u, float[] h0, int n, int steps, int units) {
        int ldo = steps * units;
        for (int s = 0; s < steps; s++) {
            if (s == 0) Gemm.sgemm(false, false, n, units, units, h0, 0, units, u, 0, units, out, 0, ldo, true);
            else Gemm.sgemm(false, false, n, units, units, out, (s - 1) * units, ldo, u, 0, units, out, s * units, ldo, true);
            final int st = s;
            Parallel.forRange(n, grain(units), (from, to) -> {
                for (int b = from; b < to; b++) {
                    int hb = (b * steps + st) * units;
                    GateMath.tanh(out, hb, out, hb, units);
                }
            });
        }
    }

    /** SimpleRNN backward through time from g and the outputs h: fills da (N, T, u), the pre-activations' gradient, and dh (N, u). */
    public static void rnnBackward(float[] g, float[] h, float[] u, int n, int steps, int units, float[] da, float[] dh) {
        int ldo = steps * units;
        for (int s = steps - 1; s >= 0; s--) {
            for (int b = 0; b < n; b++) {
                int hb = (b * steps + s) * units;
                for (int j = 0; j < units; j++) {
                    float hv = h[hb + j];
                    da[hb + j] = (g[hb + j] + dh[b * units + j]) * (1f - hv * hv);
                }
            }
            Gemm.sgemm(false, true, n, units, units, da, s * units, ldo, u, 0, units, dh, 0, units, false);
        }
    }
}
