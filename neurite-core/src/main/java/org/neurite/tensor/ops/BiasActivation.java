package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Tensor;

/**
 * act(z + bias) in one pass, the bias broadcast along the last axis (channels-last feature maps,
 * dense outputs). Backward: dz = g * act'(y) from the output y; d bias = dz summed over all rows.
 */
public final class BiasActivation {
    private BiasActivation() {}

    /** bias (C) may be null; z is (..., C). */
    public static Tensor apply(Tensor z, Tensor bias, PointwiseActivation act) {
        int c = z.shape().dim(-1);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != c)) {
            throw new IllegalArgumentException("bias_activation: bias " + bias.shape() + " does not match the last axis of " + z.shape());
        }
        if (bias == null && act == PointwiseActivation.LINEAR) return z;
        float[] x = z.data();
        float[] y = Buffers.uninitialized(x.length);
        float[] b = bias == null ? null : bias.data();
        int rows = x.length / Math.max(1, c);
        // few channels: add a stripe of STRIPE copies of the bias in one flat loop the JIT vectorises
        float[] stripe = b != null && c < STRIPE ? Buffers.floats(STRIPE * c) : null;
        if (stripe != null) for (int i = 0; i < stripe.length; i++) stripe[i] = b[i % c];
        Parallel.forRange(rows, Math.max(1, Elementwise.PARALLEL_GRAIN / Math.max(1, c)), (r0, r1) -> {
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
                if (b == null) System.arraycopy(x, o, y, o, c);
                else for (int j = 0; j < c; j++) y[o + j] = x[o + j] + b[j];
            }
            act.applyInPlace(y, r0 * c, r1 * c);
        });
        Tensor out = Tensor.of(y, z.shape());
        Tensor[] inputs = bias == null ? new Tensor[] {z} : new Tensor[] {z, bias};
        return Tensor.record(out, "bias_" + act.name().toLowerCase(), inputs,
                g -> gradients(act, g, out, z.requiresGrad(), bias != null && bias.requiresGrad(), bias != null));
    }

    /**
     * The gradients of y = act(z + bias) from the output gradient g and the output y: {dz, d bias}
     * (d bias only when {@code hasBias}; either is null when not wanted). With grad mode on they are
     * recorded ops (gradients of gradients), else one fused pass over the data.
     */
    static Tensor[] gradients(PointwiseActivation act, Tensor g, Tensor y, boolean wantZ, boolean wantBias, boolean hasBias) {
        int c = y.shape().dim(-1);
        Tensor dz;
        if (GradMode.isEnabled()) {
            dz = act.backward(g, y);
        } else {
            MaxPoolGradient pooled = MaxPoolGradient.of(g, y);
            if (pooled != null) return pooled.throughActivation(act, wantZ, wantBias, hasBias);
            float[] d = Buffers.uninitialized(y.data().length);
            float[] gd = g.data(), yd = y.data();
            if (wantBias && c > 0) {
                // dz and its column sums in one pass over the data
                Tensor gb = derivativeAndColumnSums(act, gd, yd, d, c);
                return new Tensor[] {wantZ ? Tensor.of(d, y.shape()) : null, gb};
            }
            Parallel.forRange(d.length, Elementwise.PARALLEL_GRAIN, (from, to) -> act.backward(gd, yd, d, from, to));
            dz = Tensor.of(d, y.shape());
        }
        if (!hasBias) return new Tensor[] {dz};
        return new Tensor[] {wantZ ? dz : null, wantBias ? columnSums(dz, c) : null};
    }

    /**
     * Sum over every axis but the last, in a fixed order (deterministic). Rows are added in groups
     * of STRIPE: one flat loop over STRIPE * c contiguous values the JIT vectorises, where a loop
     * over c columns (6 for a small convolution) would not. Float partials are flushed to double
     * every FLUSH groups, so the error does not grow with the number of rows.
     */
    static Tensor columnSums(Tensor dz, int c) {
        if (GradMode.isEnabled()) return dz.sumTo(org.neurite.tensor.Shape.of(c));
        float[] d = dz.data();
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
        for (int r = groups * STRIPE; r < rows; r++) {
            for (int j = 0; j < c; j++) acc[j] += d[r * c + j];
        }
        float[] s = Buffers.floats(c);
        for (int j = 0; j < c; j++) s[j] = (float) acc[j];
        return Tensor.of(s, c);
    }

    /**
     * d = g * act'(y), and its column sums with exactly the arithmetic of {@link #columnSums}: the
     * float partial of each run of FLUSH groups of STRIPE rows is computed right after that run's
     * derivative (while it is in cache), the runs in parallel, then the partials are flushed into
     * the double accumulators in run order, then the rows after the last whole group, in order.
     */
    private static Tensor derivativeAndColumnSums(PointwiseActivation act, float[] gd, float[] y, float[] d, int c) {
        int rows = d.length / c;
        int width = STRIPE * c;
        int groups = rows / STRIPE;
        int runs = (groups + FLUSH - 1) / FLUSH;
        float[] partials = Buffers.floats(runs * width);
        int runRows = FLUSH * STRIPE;
        Parallel.forRange(runs, Math.max(1, Elementwise.PARALLEL_GRAIN / (runRows * c)), (r0, r1) -> {
            for (int run = r0; run < r1; run++) {
                int from = run * runRows * c;
                int to = run == runs - 1 ? d.length : Math.min(d.length, (run + 1) * runRows * c);
                act.backward(gd, y, d, from, to);
                int g1 = Math.min(groups, (run + 1) * FLUSH);
                int po = run * width;
                for (int gi = run * FLUSH; gi < g1; gi++) {
                    int o = gi * width;
                    for (int i = 0; i < width; i++) partials[po + i] += d[o + i];
                }
            }
        });
        if (runs == 0) act.backward(gd, y, d, 0, d.length);
        double[] acc = new double[c];
        for (int run = 0; run < runs; run++) {
            int po = run * width;
            for (int i = 0; i < width; i++) acc[i % c] += partials[po + i];
        }
        for (int r = groups * STRIPE; r < rows; r++) {
            for (int j = 0; j < c; j++) acc[j] += d[r * c + j];
        }
        float[] s = Buffers.floats(c);
        for (int j = 0; j < c; j++) s[j] = (float) acc[j];
        return Tensor.of(s, c);
    }

    private static final int STRIPE = 16;
    private static final int FLUSH = 64;
}
