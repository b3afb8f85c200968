package org.neurite.tensor.ops;

import java.util.List;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.NormalizationKernels;
import org.neurite.kernel.Reduce;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Fused batch and layer normalisation, forward and the closed-form backward.
 *
 * <p>Batch normalisation (training mode) of x with C channels on axis {@code axis}: for each
 * channel c, over the M = size / C elements of that channel,
 * <pre>
 *   mean = sum x / M,  var = sum (x - mean)^2 / M   (biased),  xhat = (x - mean) / sqrt(var + eps)
 *   y = gamma * xhat + beta
 *   d beta  = sum g
 *   d gamma = sum g * xhat
 *   d x     = gamma / sqrt(var + eps) * (g - mean(g) - xhat * mean(g * xhat))
 * </pre>
 * Layer normalisation is the same with the roles of the axes swapped: statistics over the last
 * axis of each row, gamma and beta (D) per feature of that axis.
 *
 * <p>The backward rules run raw loops when gradients of gradients are not requested; with
 * {@link GradMode} enabled during backward they rebuild the same formulas from differentiable
 * tensor ops (so double backward works).
 */
public final class Normalization {
    private Normalization() {}

    /** The output of a training-mode batch norm and the batch statistics (biased variance) per channel. */
    public record BatchNormResult(Tensor output, float[] mean, float[] variance) {}

    /**
     * Training-mode batch normalisation of x over all axes except {@code axis}, with gamma and
     * beta of shape (C) where C = x.dim(axis).
     */
    public static BatchNormResult batchNorm(Tensor x, Tensor gamma, Tensor beta, int axis, float eps) {
        Shape s = x.shape();
        int ax = s.normalizeAxis(axis);
        int c = s.dim(ax);
        if (gamma.size() != c || beta.size() != c) {
            throw new IllegalArgumentException("batch_norm: gamma " + gamma.shape() + " and beta " + beta.shape() + " must have " + c + " values for " + s + " (axis " + axis + ")");
        }
        int inner = s.sizeBetween(ax + 1, s.rank());
        int outer = s.sizeBetween(0, ax);
        int m = outer * inner;
        if (m == 0) throw new IllegalArgumentException("batch_norm: empty batch " + s);
        float[] mean = Buffers.floats(c), var = Buffers.floats(c), invStd = Buffers.floats(c);
        float[] xhat = Buffers.floats(x.size()), y = Buffers.floats(x.size());
        NormalizationKernels.batchNormForward(x.data(), gamma.data(), beta.data(), outer, c, inner, eps, mean, var, invStd, xhat, y);
        Tensor result = Tensor.record(Tensor.of(y, s), "batch_norm", new Tensor[] {x, gamma, beta}, g -> {
            if (GradMode.isEnabled()) return FusedPair.gradientsByReference(new Tensor[] {x, gamma, beta}, g, in -> batchNormReference(in[0], in[1], in[2], ax, eps));
            double[] sumG = new double[c], sumGXhat = new double[c];
            float[] dx = x.requiresGrad() ? Buffers.floats(x.size()) : null;
            NormalizationKernels.batchNormBackward(g.data(), xhat, gamma.data(), invStd, outer, c, inner, sumG, sumGXhat, dx);
            return new Tensor[] {
                dx == null ? null : Tensor.of(dx, s),
                gamma.requiresGrad() ? Tensor.of(toFloats(sumGXhat), gamma.shape()) : null,
                beta.requiresGrad() ? Tensor.of(toFloats(sumG), beta.shape()) : null,
            };
        });
        return new BatchNormResult(result, mean, var);
    }

    private static float[] toFloats(double[] v) {
        float[] f = Buffers.floats(v.length);
        Reduce.toFloats(v, f);
        return f;
    }

    /**
     * x * k + shift with k and shift (C) broadcast along the last axis, rounded after each operation
     * (as x.mul(k).add(shift)); no gradient is recorded (for inference).
     */
    public static Tensor scaleShiftLast(Tensor x, Tensor k, Tensor shift) {
        int c = x.dim(x.rank() - 1);
        if (k.size() != c || shift.size() != c) {
            throw new IllegalArgumentException("scale_shift: scale " + k.shape() + " and shift " + shift.shape() + " must have " + c + " values for " + x.shape());
        }
        float[] y = Buffers.floats(x.size());
        NormalizationKernels.scaleShiftRows(x.data(), k.data(), shift.data(), y, c);
        return Tensor.of(y, x.shape());
    }

    /** Training-mode batch norm from primitive ops (biased variance): the reference of {@link #batchNorm}. */
    public static Tensor batchNormReference(Tensor x, Tensor gamma, Tensor beta, int axis, float eps) {
        int ax = x.shape().normalizeAxis(axis);
        int[] axes = allBut(x.rank(), ax);
        int[] bshape = new int[x.rank()];
        java.util.Arrays.fill(bshape, 1);
        bshape[ax] = x.dim(ax);
        Tensor xc = x.sub(x.mean(axes, true));
        Tensor invStd = xc.square().mean(axes, true).add(eps).pow(-0.5f);
        return xc.mul(invStd).mul(gamma.reshape(bshape)).add(beta.reshape(bshape));
    }

    /**
     * Layer normalisation over the last axis (size D) of x, with gamma and beta of shape (D):
     * each row is normalised by its own mean and biased variance.
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        Shape s = x.shape();
        if (s.rank() < 1) throw new IllegalArgumentException("layer_norm: expected at least one axis, got a scalar");
        int d = s.dim(s.rank() - 1);
        if (gamma.size() != d || beta.size() != d) {
            throw new IllegalArgumentException("layer_norm: gamma " + gamma.shape() + " and beta " + beta.shape() + " must have " + d + " values for " + s);
        }
        int rows = d == 0 ? 0 : x.size() / d;
        float[] xhat = Buffers.floats(x.size()), y = Buffers.floats(x.size()), invStd = Buffers.floats(rows);
        NormalizationKernels.layerNormForward(x.data(), gamma.data(), beta.data(), rows, d, eps, xhat, y, invStd);
        return Tensor.record(Tensor.of(y, s), "layer_norm", new Tensor[] {x, gamma, beta}, g -> {
            if (GradMode.isEnabled()) return FusedPair.gradientsByReference(new Tensor[] {x, gamma, beta}, g, in -> layerNormReference(in[0], in[1], in[2], eps));
            float[] dx = x.requiresGrad() ? Buffers.floats(x.size()) : null;
            float[] dgamma = Buffers.floats(d), dbeta = Buffers.floats(d);
            NormalizationKernels.layerNormBackward(g.data(), xhat, gamma.data(), invStd, rows, d, dgamma, dbeta, dx);
            return new Tensor[] {
                dx == null ? null : Tensor.of(dx, s),
                gamma.requiresGrad() ? Tensor.of(dgamma, gamma.shape()) : null,
                beta.requiresGrad() ? Tensor.of(dbeta, beta.shape()) : null,
            };
        });
    }

    /** Layer norm over the last axis from primitive ops: the reference of {@link #layerNorm}. */
    public static Tensor layerNormReference(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int last = x.rank() - 1;
        Tensor xc = x.sub(x.mean(last, true));
        Tensor invStd = xc.square().mean(last, true).add(eps).pow(-0.5f);
        return xc.mul(invStd).mul(gamma).add(beta);
    }

    /** Batch norm (channels last and on axis 1) and layer norm with their references. */
    static final List<FusedPair> PAIRS = List.of(
            FusedPair.of("batch_norm", in -> batchNorm(in[0], in[1], in[2], -1, 1e-3f).output(),
                    in -> batchNormReference(in[0], in[1], in[2], -1, 1e-3f), Shape.of(6, 2, 5), Shape.of(5), Shape.of(5)),
            FusedPair.of("batch_norm_axis1", in -> batchNorm(in[0], in[1], in[2], 1, 1e-3f).output(),
                    in -> batchNormReference(in[0], in[1], in[2], 1, 1e-3f), Shape.of(4, 3, 5), Shape.of(3), Shape.of(3)),
            FusedPair.of("layer_norm", in -> layerNorm(in[0], in[1], in[2], 1e-3f),
                    in -> layerNormReference(in[0], in[1], in[2], 1e-3f), Shape.of(3, 2, 6), Shape.of(6), Shape.of(6)));

    static int[] allBut(int rank, int axis) {
        int[] out = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) if (i != axis) out[k++] = i;
        return out;
    }
}
