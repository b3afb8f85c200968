package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Parallel;
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
        float[] xd = x.data();
        if (inner == 1 && c >= 4) return batchNormLast(x, gamma, beta, ax, eps, outer, c);
        double[] sum = new double[c];
        for (int o = 0; o < outer; o++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (o * c + ch) * inner;
                double acc = 0;
                for (int i = 0; i < inner; i++) acc += xd[base + i];
                sum[ch] += acc;
            }
        }
        float[] mean = Buffers.floats(c);
        for (int ch = 0; ch < c; ch++) mean[ch] = (float) (sum[ch] / m);
        double[] sq = new double[c];
        for (int o = 0; o < outer; o++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (o * c + ch) * inner;
                double acc = 0;
                for (int i = 0; i < inner; i++) {
                    double d = xd[base + i] - mean[ch];
                    acc += d * d;
                }
                sq[ch] += acc;
            }
        }
        float[] var = Buffers.floats(c);
        float[] invStd = Buffers.floats(c);
        for (int ch = 0; ch < c; ch++) {
            var[ch] = (float) (sq[ch] / m);
            invStd[ch] = (float) (1.0 / Math.sqrt(sq[ch] / m + eps));
        }
        float[] xhat = Buffers.floats(xd.length);
        float[] y = Buffers.floats(xd.length);
        float[] gd = gamma.data(), bd = beta.data();
        for (int o = 0; o < outer; o++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (o * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    float h = (xd[base + i] - mean[ch]) * invStd[ch];
                    xhat[base + i] = h;
                    y[base + i] = gd[ch] * h + bd[ch];
                }
            }
        }
        Tensor out = Tensor.of(y, s);
        int[] reduceAxes = allBut(s.rank(), ax);
        Tensor result = Tensor.record(out, "batch_norm", new Tensor[] {x, gamma, beta}, g -> {
            if (GradMode.isEnabled()) return batchNormBackwardOps(x, gamma, g, ax, reduceAxes, eps);
            float[] gdat = g.data();
            double[] sg = new double[c], sgh = new double[c];
            for (int o = 0; o < outer; o++) {
                for (int ch = 0; ch < c; ch++) {
                    int base = (o * c + ch) * inner;
                    for (int i = 0; i < inner; i++) {
                        sg[ch] += gdat[base + i];
                        sgh[ch] += (double) gdat[base + i] * xhat[base + i];
                    }
                }
            }
            float[] dx = null;
            if (x.requiresGrad()) {
                dx = Buffers.floats(xd.length);
                for (int o = 0; o < outer; o++) {
                    for (int ch = 0; ch < c; ch++) {
                        int base = (o * c + ch) * inner;
                        float k = gd[ch] * invStd[ch];
                        float mg = (float) (sg[ch] / m), mgh = (float) (sgh[ch] / m);
                        for (int i = 0; i < inner; i++) dx[base + i] = k * (gdat[base + i] - mg - xhat[base + i] * mgh);
                    }
                }
            }
            return batchNormGradients(dx, s, sgh, sg, gamma, beta);
        });
        return new BatchNormResult(result, mean, var);
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
        float[] xd = x.data(), kd = k.data(), sd = shift.data();
        float[] y = Buffers.floats(xd.length);
        int rows = xd.length / c;
        Parallel.forRange(rows, Math.max(1, Elementwise.PARALLEL_GRAIN / c), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                for (int j = 0; j < c; j++) y[o + j] = xd[o + j] * kd[j] + sd[j];
            }
        });
        return Tensor.of(y, x.shape());
    }

    /** Channel blocks of at least this many channels are one parallel task (same results for any split). */
    private static final int CHANNEL_GRAIN = 16;

    /**
     * batchNorm for channels on the last axis (inner = 1, the channels-last layout of images): the
     * same arithmetic as the general loops, row by row over contiguous channels, split between
     * threads by blocks of channels (each channel is still summed over the rows in order).
     */
    private static BatchNormResult batchNormLast(Tensor x, Tensor gamma, Tensor beta, int ax, float eps, int rows, int c) {
        Shape s = x.shape();
        float[] xd = x.data();
        int m = rows;
        double[] sum = new double[c], sq = new double[c];
        float[] mean = Buffers.floats(c), var = Buffers.floats(c), invStd = Buffers.floats(c);
        float[] xhat = Buffers.floats(xd.length);
        float[] y = Buffers.floats(xd.length);
        float[] gd = gamma.data(), bd = beta.data();
        Parallel.forRange(c, CHANNEL_GRAIN, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                for (int ch = c0; ch < c1; ch++) sum[ch] += xd[o + ch];
            }
            for (int ch = c0; ch < c1; ch++) mean[ch] = (float) (sum[ch] / m);
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                for (int ch = c0; ch < c1; ch++) {
                    double d = xd[o + ch] - mean[ch];
                    sq[ch] += d * d;
                }
            }
            for (int ch = c0; ch < c1; ch++) {
                var[ch] = (float) (sq[ch] / m);
                invStd[ch] = (float) (1.0 / Math.sqrt(sq[ch] / m + eps));
            }
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                for (int ch = c0; ch < c1; ch++) {
                    float h = (xd[o + ch] - mean[ch]) * invStd[ch];
                    xhat[o + ch] = h;
                    y[o + ch] = gd[ch] * h + bd[ch];
                }
            }
        });
        Tensor out = Tensor.of(y, s);
        int[] reduceAxes = allBut(s.rank(), ax);
        Tensor result = Tensor.record(out, "batch_norm", new Tensor[] {x, gamma, beta}, g -> {
            if (GradMode.isEnabled()) return batchNormBackwardOps(x, gamma, g, ax, reduceAxes, eps);
            float[] gdat = g.data();
            double[] sg = new double[c], sgh = new double[c];
            float[] dx = x.requiresGrad() ? Buffers.floats(xd.length) : null;
            Parallel.forRange(c, CHANNEL_GRAIN, (c0, c1) -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * c;
                    for (int ch = c0; ch < c1; ch++) {
                        sg[ch] += gdat[o + ch];
                        sgh[ch] += (double) gdat[o + ch] * xhat[o + ch];
                    }
                }
                if (dx == null) return;
                float[] k = Buffers.floats(c1 - c0), mg = Buffers.floats(c1 - c0), mgh = Buffers.floats(c1 - c0);
                for (int ch = c0; ch < c1; ch++) {
                    k[ch - c0] = gd[ch] * invStd[ch];
                    mg[ch - c0] = (float) (sg[ch] / m);
                    mgh[ch - c0] = (float) (sgh[ch] / m);
                }
                for (int r = 0; r < rows; r++) {
                    int o = r * c + c0;
                    for (int j = 0; j < c1 - c0; j++) dx[o + j] = k[j] * (gdat[o + j] - mg[j] - xhat[o + j] * mgh[j]);
                }
            });
            return batchNormGradients(dx, s, sgh, sg, gamma, beta);
        });
        return new BatchNormResult(result, mean, var);
    }

    /**
     * {dx, d gamma, d beta} of batch norm from dx (nullable) and the per-channel sums of g * xhat
     * and of g, each null when not wanted.
     */
    private static Tensor[] batchNormGradients(float[] dx, Shape s, double[] sumGXhat, double[] sumG, Tensor gamma, Tensor beta) {
        int c = sumG.length;
        float[] dgamma = Buffers.floats(c), dbeta = Buffers.floats(c);
        for (int ch = 0; ch < c; ch++) {
            dgamma[ch] = (float) sumGXhat[ch];
            dbeta[ch] = (float) sumG[ch];
        }
        return new Tensor[] {
            dx == null ? null : Tensor.of(dx, s),
            gamma.requiresGrad() ? Tensor.of(dgamma, gamma.shape()) : null,
            beta.requiresGrad() ? Tensor.of(dbeta, beta.shape()) : null,
        };
    }

    /** The batch-norm gradients from differentiable ops (for gradients of gradients). */
    private static Tensor[] batchNormBackwardOps(Tensor x, Tensor gamma, Tensor g, int ax, int[] axes, float eps) {
        int[] bshape = new int[x.rank()];
        java.util.Arrays.fill(bshape, 1);
        bshape[ax] = x.dim(ax);
        Tensor xc = x.sub(x.mean(axes, true));
        Tensor invStd = xc.square().mean(axes, true).add(eps).pow(-0.5f);
        Tensor xhat = xc.mul(invStd);
        Tensor gx = g.mul(xhat);
        Tensor dx = gamma.reshape(bshape).mul(invStd).mul(g.sub(g.mean(axes, true)).sub(xhat.mul(gx.mean(axes, true))));
        return new Tensor[] {dx, gx.sum(axes, false).reshape(gamma.shape().dims()), g.sum(axes, false).reshape(gamma.shape().dims())};
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
        float[] xd = x.data(), gd = gamma.data(), bd = beta.data();
        float[] xhat = Buffers.floats(xd.length), y = Buffers.floats(xd.length), invStd = Buffers.floats(rows);
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            double sum = 0;
            for (int i = 0; i < d; i++) sum += xd[base + i];
            float mean = (float) (sum / d);
            double sq = 0;
            for (int i = 0; i < d; i++) {
                double v = xd[base + i] - mean;
                sq += v * v;
            }
            float inv = (float) (1.0 / Math.sqrt(sq / d + eps));
            invStd[r] = inv;
            for (int i = 0; i < d; i++) {
                float h = (xd[base + i] - mean) * inv;
                xhat[base + i] = h;
                y[base + i] = gd[i] * h + bd[i];
            }
        }
        return Tensor.record(Tensor.of(y, s), "layer_norm", new Tensor[] {x, gamma, beta}, g -> {
            if (GradMode.isEnabled()) return layerNormBackwardOps(x, gamma, g, eps);
            float[] gdat = g.data();
            float[] dx = x.requiresGrad() ? Buffers.floats(xd.length) : null;
            float[] dgamma = Buffers.floats(d), dbeta = Buffers.floats(d);
            for (int r = 0; r < rows; r++) {
                int base = r * d;
                double sdh = 0, sdhh = 0;
                for (int i = 0; i < d; i++) {
                    float gi = gdat[base + i];
                    dgamma[i] += gi * xhat[base + i];
                    dbeta[i] += gi;
                    float dh = gi * gd[i];
                    sdh += dh;
                    sdhh += (double) dh * xhat[base + i];
                }
                if (dx != null) {
                    float mdh = (float) (sdh / d), mdhh = (float) (sdhh / d);
                    for (int i = 0; i < d; i++) dx[base + i] = invStd[r] * (gdat[base + i] * gd[i] - mdh - xhat[base + i] * mdhh);
                }
            }
            return new Tensor[] {
                dx == null ? null : Tensor.of(dx, s),
                gamma.requiresGrad() ? Tensor.of(dgamma, gamma.shape()) : null,
                beta.requiresGrad() ? Tensor.of(dbeta, beta.shape()) : null,
            };
        });
    }

    private static Tensor[] layerNormBackwardOps(Tensor x, Tensor gamma, Tensor g, float eps) {
        int last = x.rank() - 1;
        int[] rowAxes = allBut(x.rank(), last);
        Tensor xc = x.sub(x.mean(last, true));
        Tensor invStd = xc.square().mean(last, true).add(eps).pow(-0.5f);
        Tensor xhat = xc.mul(invStd);
        Tensor dh = g.mul(gamma);
        Tensor dx = invStd.mul(dh.sub(dh.mean(last, true)).sub(xhat.mul(dh.mul(xhat).mean(last, true))));
        Tensor dgamma = rowAxes.length == 0 ? g.mul(xhat) : g.mul(xhat).sum(rowAxes, false);
        Tensor dbeta = rowAxes.length == 0 ? g : g.sum(rowAxes, false);
        return new Tensor[] {dx, dgamma.reshape(gamma.shape().dims()), dbeta.reshape(gamma.shape().dims())};
    }

    static int[] allBut(int rank, int axis) {
        int[] out = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) if (i != axis) out[k++] = i;
        return out;
    }
}
