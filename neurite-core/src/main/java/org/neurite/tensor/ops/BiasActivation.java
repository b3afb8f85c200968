package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
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
        float[] y = new float[x.length];
        float[] b = bias == null ? null : bias.data();
        int rows = x.length / Math.max(1, c);
        Parallel.forRange(rows, Math.max(1, Elementwise.PARALLEL_GRAIN / Math.max(1, c)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                if (b == null) System.arraycopy(x, o, y, o, c);
                else for (int j = 0; j < c; j++) y[o + j] = x[o + j] + b[j];
            }
            act.applyInPlace(y, r0 * c, r1 * c);
        });
        Tensor out = Tensor.of(y, z.shape());
        Tensor[] inputs = bias == null ? new Tensor[] {z} : new Tensor[] {z, bias};
        return Tensor.record(out, "bias_" + act.name().toLowerCase(), inputs, g -> {
            Tensor dz;
            if (GradMode.isEnabled()) {
                dz = act.backward(g, out);
            } else {
                float[] d = new float[y.length];
                float[] gd = g.data();
                Parallel.forRange(d.length, Elementwise.PARALLEL_GRAIN, (from, to) -> act.backward(gd, y, d, from, to));
                dz = Tensor.of(d, z.shape());
            }
            if (bias == null) return new Tensor[] {dz};
            return new Tensor[] {z.requiresGrad() ? dz : null, bias.requiresGrad() ? columnSums(dz, c) : null};
        });
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
        float[] part = groups > 0 ? new float[width] : null;
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
        float[] s = new float[c];
        for (int j = 0; j < c; j++) s[j] = (float) acc[j];
        return Tensor.of(s, c);
    }

    private static final int STRIPE = 16;
    private static final int FLUSH = 64;
}
