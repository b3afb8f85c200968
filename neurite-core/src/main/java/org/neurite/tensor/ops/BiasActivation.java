package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.BiasKernels;
import java.util.List;
import org.neurite.tensor.Shape;
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
        return Tensor.record(out, "bias_" + act.name().toLowerCase(), inputs, g -> GradMode.isEnabled()
                ? FusedPair.gradientsByReference(inputs, g, in -> reference(in[0], in.length > 1 ? in[1] : null, act))
                : gradients(act, g, out, z.requiresGrad(), bias != null && bias.requiresGrad(), bias != null));
    }

    /** act(z + bias) from primitive ops: the reference of {@link #apply}. */
    public static Tensor reference(Tensor z, Tensor bias, PointwiseActivation act) {
        return act.apply(bias == null ? z : z.add(bias));
    }

    /** Bias + activation and its reference on (2, 3, 5) maps, for every fused activation. */
    static final List<FusedPair> PAIRS = java.util.Arrays.stream(PointwiseActivation.values())
            .map(act -> FusedPair.of("bias_" + act.name().toLowerCase(), in -> apply(in[0], in[1], act), in -> reference(in[0], in[1], act),
                    Shape.of(2, 3, 5), Shape.of(5)))
            .toList();

    /**
     * The first-order gradients of y = act(z + bias) from the output gradient g and the output y:
     * {dz, d bias} (d bias only when {@code hasBias}; either is null when not wanted), in one fused
     * pass over the data.
     */
    static Tensor[] gradients(PointwiseActivation act, Tensor g, Tensor y, boolean wantZ, boolean wantBias, boolean hasBias) {
        int c = y.shape().dim(-1);
        MaxPoolGradient pooled = MaxPoolGradient.of(g, y);
        if (pooled != null) return pooled.throughActivation(act, wantZ, wantBias, hasBias);
        float[] d = Buffers.uninitialized(y.size());
        if (wantBias && c > 0) {
            // dz and its column sums in one pass over the data
            float[] gb = BiasKernels.derivativeAndColumnSums(act.kernel, g.data(), y.data(), d, c);
            return new Tensor[] {wantZ ? Tensor.of(d, y.shape()) : null, Tensor.of(gb, c)};
        }
        act.kernel.backward(g.data(), y.data(), d);
        Tensor dz = Tensor.of(d, y.shape());
        if (!hasBias) return new Tensor[] {dz};
        return new Tensor[] {wantZ ? dz : null, wantBias ? columnSums(dz, c) : null};
    }

    /** Sum over every axis but the last, in a fixed order (deterministic; see {@link BiasKernels}). */
    static Tensor columnSums(Tensor dz, int c) {
        return Tensor.of(BiasKernels.columnSums(dz.data(), c), c);
    }
}
