package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.BiasKernels;
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
        float[] y = Buffers.uninitialized(z.size());
        BiasKernels.addBiasActivate(z.data(), bias == null ? null : bias.data(), y, c, act.kernel);
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
            float[] d = Buffers.uninitialized(y.size());
            if (wantBias && c > 0) {
                // dz and its column sums in one pass over the data
                float[] gb = BiasKernels.derivativeAndColumnSums(act.kernel, g.data(), y.data(), d, c);
                return new Tensor[] {wantZ ? Tensor.of(d, y.shape()) : null, Tensor.of(gb, c)};
            }
            act.kernel.backward(g.data(), y.data(), d);
            dz = Tensor.of(d, y.shape());
        }
        if (!hasBias) return new Tensor[] {dz};
        return new Tensor[] {wantZ ? dz : null, wantBias ? columnSums(dz, c) : null};
    }

    /** Sum over every axis but the last, in a fixed order (deterministic; see {@link BiasKernels}). */
    static Tensor columnSums(Tensor dz, int c) {
        if (GradMode.isEnabled()) return dz.sumTo(org.neurite.tensor.Shape.of(c));
        return Tensor.of(BiasKernels.columnSums(dz.data(), c), c);
    }
}
