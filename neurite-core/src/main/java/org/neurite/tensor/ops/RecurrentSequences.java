package org.neurite.tensor.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.GateMath;
import org.neurite.kernel.Gemm;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Tensor;

/**
 * Whole-sequence LSTM, GRU and SimpleRNN as single fused ops (tanh / sigmoid activations), the
 * fast path of the recurrent layers. The input projection {@code x W + b} for all steps is one
 * matmul done by the caller; here each step is one GEMM {@code (N, u) x (u, k*u)} accumulated in
 * place into the step's slice of the projection, followed by one loop that applies the gates.
 * The backward pass is back-propagation through time with one GEMM per step for the gradient of
 * the previous hidden state, and ONE GEMM over all steps for the recurrent kernel's gradient.
 *
 * <p>Shapes: {@code xProj (N, T, k*u)} (k = 4 LSTM, 3 GRU, 1 RNN), recurrent kernel {@code (u, k*u)},
 * states {@code (N, u)}. Results use the packed layouts of {@link RecurrentCells}, whose composite
 * formulas these ops equal; when a backward pass is itself recorded (gradients of gradients) the
 * backward recomputes the composite version and differentiates it.
 */
public final class RecurrentSequences {
    private RecurrentSequences() {}

    /** Rows of N per parallel part: enough elementwise work to pay for the fork. */
    private static int grain(int units) {
        return Math.max(1, 32768 / Math.max(1, units));
    }

    /** Copies the step-ordered projection: z[:, s] = xProj[:, reverse ? T-1-s : s]. */
    private static float[] stepOrdered(float[] x, int n, int steps, int width, boolean reverse) {
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

    /** (N, T, u) of previous hidden states: [:, 0] = h0, [:, s] = h after step s-1 (h at row stride ldh). */
    private static float[] previousStates(float[] h0, float[] h, int n, int steps, int units, int hSteps) {
        float[] prev = Buffers.floats(n * steps * units);
        for (int b = 0; b < n; b++) {
            System.arraycopy(h0, b * units, prev, b * steps * units, units);
            if (steps > 1) System.arraycopy(h, b * hSteps * units, prev, (b * steps + 1) * units, (steps - 1) * units);
        }
        return prev;
    }

    /**
     * {@code dU = sum_s h_{s-1}^T dz_s} of a recurrent kernel U {@code (units, w)}, from the gates'
     * gradients {@code dz (N, T, w)} and the states ({@code h0}, then the first T-1 of {@code h},
     * which holds hSteps states per sample).
     */
    private static Tensor recurrentKernelGrad(float[] h0, float[] h, int n, int steps, int units, int hSteps, float[] dz, int w) {
        float[] prev = previousStates(h0, h, n, steps, units, hSteps);
        float[] dk = Buffers.floats(units * w);
        Gemm.sgemm(true, false, units, w, n * steps, prev, 0, units, dz, 0, w, dk, 0, w, false);
        return Tensor.of(dk, units, w);
    }

    /** The backward of a recorded backward: differentiate the composite formula again. */
    private static Tensor[] composite(Tensor[] inputs, Tensor g, Function<Tensor[], Tensor> formula) {
        Tensor out = formula.apply(inputs);
        List<Tensor> wanted = new ArrayList<>();
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) wanted.add(t);
        List<Tensor> grads = Autograd.grad(out.mul(g).sum(), wanted, true);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0, k = 0; i < inputs.length; i++) if (inputs[i] != null && inputs[i].requiresGrad()) result[i] = grads.get(k++);
        return result;
    }

    // ---------------------------------------------------------------- LSTM

    /**
     * LSTM with sigmoid gates and tanh cell activation. Returns the packed {@code (N, T+1, u)}:
     * {@code [:, s]} = h after step s, {@code [:, T]} = final c.
     */
    /** Sequences one thread takes through all time steps at least (two 8-row GEMM tiles). */
    private static final int ROWS_PER_TASK = 16;

    public static Tensor lstm(Tensor xProj, Tensor kernel, Tensor h0, Tensor c0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0), w = 4 * units;
        float[] z = stepOrdered(xProj.data(), n, steps, w, reverse); // pre-activations, then gate values
        float[] u = kernel.data(), h0d = h0.data(), c0d = c0.data();
        float[] out = Buffers.floats(n * (steps + 1) * units);
        float[] cs = Buffers.floats(n * steps * units);   // c after each step
        float[] tcs = Buffers.floats(n * steps * units);  // tanh(c)
        int ldo = (steps + 1) * units;
        Gemm.PackedB up = Gemm.pack(false, units, w, u, 0, w); // the same U at every step: pack it once
        // Threads take whole groups of sequences through all steps (one hand-off per sequence, not
        // per step); a row's result does not depend on the grouping, so any thread count agrees.
        Parallel.forRange(n, ROWS_PER_TASK, (b0, b1) -> {
            for (int s = 0; s < steps; s++) {
                if (s == 0) Gemm.sgemm(false, b1 - b0, h0d, b0 * units, units, up, z, b0 * steps * w, steps * w, true);
                else Gemm.sgemm(false, b1 - b0, out, b0 * ldo + (s - 1) * units, ldo, up, z, b0 * steps * w + s * w, steps * w, true);
                for (int b = b0; b < b1; b++) {
                    int zb = (b * steps + s) * w, cb = (b * steps + s) * units, ob = b * ldo + s * units;
                    int pb = s == 0 ? b * units : cb - units;
                    float[] cp = s == 0 ? c0d : cs;
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
        Tensor result = Tensor.of(out, n, steps + 1, units);
        Tensor[] inputs = {xProj, kernel, h0, c0};
        return Tensor.record(result, "lstm", inputs, g -> {
            if (GradMode.isEnabled()) {
                return composite(inputs, g, in -> RecurrentCells.lstmSequence(in[0], in[1], in[2], in[3], reverse, Tensor::tanh, Tensor::sigmoid));
            }
            float[] gd = g.data();
            float[] dz = Buffers.floats(z.length);
            float[] dh = Buffers.floats(n * units);
            float[] dc = Buffers.floats(n * units);
            for (int b = 0; b < n; b++) System.arraycopy(gd, b * ldo + steps * units, dc, b * units, units);
            Gemm.PackedB ut = Gemm.pack(true, w, units, u, 0, w); // U^T, the same at every step
            Parallel.forRange(n, ROWS_PER_TASK, (b0, b1) -> {
                for (int s = steps - 1; s >= 0; s--) {
                    for (int b = b0; b < b1; b++) {
                        int zb = (b * steps + s) * w, cb = (b * steps + s) * units, ob = b * ldo + s * units;
                        int pb = s == 0 ? b * units : cb - units;
                        float[] cp = s == 0 ? c0d : cs;
                        for (int j = 0; j < units; j++) {
                            float i = z[zb + j], f = z[zb + units + j], gg = z[zb + 2 * units + j], o = z[zb + 3 * units + j];
                            float tc = tcs[cb + j];
                            float dht = gd[ob + j] + dh[b * units + j];
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
            Tensor dKernel = kernel.requiresGrad() ? recurrentKernelGrad(h0d, out, n, steps, units, steps + 1, dz, w) : null;
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(stepOrdered(dz, n, steps, w, reverse), xProj.shape()) : null,
                dKernel,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null,
                c0.requiresGrad() ? Tensor.of(dc, n, units) : null};
        });
    }

    // ---------------------------------------------------------------- GRU (reset_after)

    /**
     * GRU in Keras' {@code reset_after=True} form (PyTorch's nn.GRU), sigmoid gates and tanh
     * candidate; {@code recurrentBias (3u)} may be null. Returns (N, T, u).
     */
    public static Tensor gru(Tensor xProj, Tensor kernel, Tensor recurrentBias, Tensor h0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0), w = 3 * units;
        if (recurrentBias == null) recurrentBias = Tensor.zeros(w); // the tape cannot hold null inputs
        float[] x = stepOrdered(xProj.data(), n, steps, w, reverse); // becomes gate values z, r, hh
        float[] u = kernel.data(), h0d = h0.data();
        float[] rb = recurrentBias.data();
        float[] out = Buffers.floats(n * steps * units);
        float[] rh = Buffers.floats(n * steps * units); // h U_h + b_h (what r multiplies)
        float[] rec = Buffers.floats(n * w);
        int ldo = steps * units;
        for (int s = 0; s < steps; s++) {
            if (s == 0) Gemm.sgemm(false, false, n, w, units, h0d, 0, units, u, 0, w, rec, 0, w, false);
            else Gemm.sgemm(false, false, n, w, units, out, (s - 1) * units, ldo, u, 0, w, rec, 0, w, false);
            final int st = s;
            Parallel.forRange(n, grain(units), (from, to) -> {
                for (int b = from; b < to; b++) {
                    int xb = (b * steps + st) * w, hb = (b * steps + st) * units, rb0 = b * w;
                    float[] hp = st == 0 ? h0d : out;
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
        Tensor result = Tensor.of(out, n, steps, units);
        Tensor bias = recurrentBias;
        Tensor[] inputs = {xProj, kernel, bias, h0};
        return Tensor.record(result, "gru", inputs, g -> {
            if (GradMode.isEnabled()) {
                return composite(inputs, g, in -> RecurrentCells.gruSequence(in[0], in[1], in[2], in[3], reverse, Tensor::tanh, Tensor::sigmoid));
            }
            float[] gd = g.data();
            float[] dx = Buffers.floats(x.length);  // gradient of the input projection, step-ordered
            float[] dr = Buffers.floats(x.length);  // gradient of h U + rb, step-ordered
            float[] dh = Buffers.floats(n * units);
            for (int s = steps - 1; s >= 0; s--) {
                final int st = s;
                Parallel.forRange(n, grain(units), (from, to) -> {
                    for (int b = from; b < to; b++) {
                        int xb = (b * steps + st) * w, hb = (b * steps + st) * units;
                        float[] hp = st == 0 ? h0d : out;
                        int pb = st == 0 ? b * units : hb - units;
                        for (int j = 0; j < units; j++) {
                            float zg = x[xb + j], rg = x[xb + units + j], hh = x[xb + 2 * units + j];
                            float dht = gd[hb + j] + dh[b * units + j];
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
            Tensor dKernel = kernel.requiresGrad() ? recurrentKernelGrad(h0d, out, n, steps, units, steps, dr, w) : null;
            Tensor dBias = null;
            if (bias.requiresGrad()) {
                float[] db = Buffers.floats(w);
                for (int r = 0; r < n * steps; r++) for (int j = 0; j < w; j++) db[j] += dr[r * w + j];
                dBias = Tensor.of(db, bias.shape());
            }
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(stepOrdered(dx, n, steps, w, reverse), xProj.shape()) : null,
                dKernel, dBias,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null};
        });
    }

    // ---------------------------------------------------------------- time reversal

    /** x[:, T-1-t] for a (N, T, ...) tensor; its own backward. */
    public static Tensor reverseTime(Tensor a) {
        int n = a.dim(0), steps = a.dim(1), width = a.size() / Math.max(1, n * steps);
        Tensor out = Tensor.of(stepOrdered(a.data(), n, steps, width, true), a.shape());
        return Tensor.record(out, "reverse_time", new Tensor[] {a}, g -> new Tensor[] {reverseTime(g)});
    }

    // ---------------------------------------------------------------- SimpleRNN

    /** SimpleRNN with tanh: h' = tanh(x_t W + b + h U). Returns (N, T, u). */
    public static Tensor rnn(Tensor xProj, Tensor kernel, Tensor h0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0);
        float[] out = stepOrdered(xProj.data(), n, steps, units, reverse); // pre-activation, then h in place
        float[] u = kernel.data(), h0d = h0.data();
        int ldo = steps * units;
        for (int s = 0; s < steps; s++) {
            if (s == 0) Gemm.sgemm(false, false, n, units, units, h0d, 0, units, u, 0, units, out, 0, ldo, true);
            else Gemm.sgemm(false, false, n, units, units, out, (s - 1) * units, ldo, u, 0, units, out, s * units, ldo, true);
            final int st = s;
            Parallel.forRange(n, grain(units), (from, to) -> {
                for (int b = from; b < to; b++) {
                    int hb = (b * steps + st) * units;
                    GateMath.tanh(out, hb, out, hb, units);
                }
            });
        }
        Tensor result = Tensor.of(out, n, steps, units);
        Tensor[] inputs = {xProj, kernel, h0};
        return Tensor.record(result, "simple_rnn", inputs, g -> {
            if (GradMode.isEnabled()) {
                return composite(inputs, g, in -> RecurrentCells.rnnSequence(in[0], in[1], in[2], reverse, Tensor::tanh));
            }
            float[] gd = g.data();
            float[] da = Buffers.floats(out.length);
            float[] dh = Buffers.floats(n * units);
            for (int s = steps - 1; s >= 0; s--) {
                for (int b = 0; b < n; b++) {
                    int hb = (b * steps + s) * units;
                    for (int j = 0; j < units; j++) {
                        float h = out[hb + j];
                        da[hb + j] = (gd[hb + j] + dh[b * units + j]) * (1f - h * h);
                    }
                }
                Gemm.sgemm(false, true, n, units, units, da, s * units, ldo, u, 0, units, dh, 0, units, false);
            }
            Tensor dKernel = kernel.requiresGrad() ? recurrentKernelGrad(h0d, out, n, steps, units, steps, da, units) : null;
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(stepOrdered(da, n, steps, units, reverse), xProj.shape()) : null,
                dKernel,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null};
        });
    }
}
