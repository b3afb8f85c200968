package org.neurite.kernel;

/**
 * The loops of batch and layer normalisation (the formulas are in tensor/ops' Normalization).
 *
 * <p>Batch norm works on data laid out as (outer, C, inner), statistics per channel over the
 * M = outer * inner values of that channel, biased variance, sums in double. One loop order serves
 * every layout: for each block of channels, rows {@code o} in order, the channels of the block,
 * then the contiguous run of {@code inner} values. With channels last (inner = 1) each row touches
 * a contiguous block of channels; with inner &gt; 1 each channel sums its runs. Blocks of channels
 * run in parallel; each channel is still summed in order, so results are the same for any split.
 */
public final class NormalizationKernels {
    private NormalizationKernels() {}

    /** Channel blocks of at least this many channels are one parallel task. */
    private static final int CHANNEL_GRAIN = 16;

    /**
     * Training-mode batch norm forward: fills mean, var (biased) and invStd = 1/sqrt(var + eps) per
     * channel (C), and xhat = (x - mean) * invStd, y = gamma * xhat + beta.
     */
    public static void batchNormForward(float[] x, float[] gamma, float[] beta, int outer, int c, int inner, float eps,
            float[] mean, float[] var, float[] invStd, float[] xhat, float[] y) {
        int m = outer * inner;
        Parallel.forRange(c, CHANNEL_GRAIN, (c0, c1) -> {
            double[] sum = new double[c1 - c0], sq = new double[c1 - c0];
            for (int o = 0; o < outer; o++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = (o * c + ch) * inner;
                    double acc = 0;
                    for (int i = 0; i < inner; i++) acc += x[base + i];
                    sum[ch - c0] += acc;
                }
            }
            for (int ch = c0; ch < c1; ch++) mean[ch] = (float) (sum[ch - c0] / m);
            for (int o = 0; o < outer; o++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = (o * c + ch) * inner;
                    double acc = 0;
                    for (int i = 0; i < inner; i++) {
                        double d = x[base + i] - mean[ch];
                        acc += d * d;
                    }
                    sq[ch - c0] += acc;
                }
            }
            for (int ch = c0; ch < c1; ch++) {
                var[ch] = (float) (sq[ch - c0] / m);
                invStd[ch] = (float) (1.0 / Math.sqrt(sq[ch - c0] / m + eps));
            }
            for (int o = 0; o < outer; o++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = (o * c + ch) * inner;
                    for (int i = 0; i < inner; i++) {
                        float h = (x[base + i] - mean[ch]) * invStd[ch];
                        xhat[base + i] = h;
                        y[base + i] = gamma[ch] * h + beta[ch];
                    }
                }
            }
        });
    }

    /**
     * Batch norm backward from the output gradient g and the saved xhat, invStd: per channel
     * sumG = sum g and sumGXhat = sum g * xhat (d beta and d gamma), and, when dx is not null,
     * dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat)).
     */
    public static void batchNormBackward(float[] g, float[] xhat, float[] gamma, float[] invStd, int outer, int c, int inner,
            double[] sumG, double[] sumGXhat, float[] dx) {
        int m = outer * inner;
        Parallel.forRange(c, CHANNEL_GRAIN, (c0, c1) -> {
            for (int o = 0; o < outer; o++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = (o * c + ch) * inner;
                    for (int i = 0; i < inner; i++) {
                        sumG[ch] += g[base + i];
                        sumGXhat[ch] += (double) g[base + i] * xhat[base + i];
                    }
                }
            }
            if (dx == null) return;
            float[] k = new float[c1 - c0], mg = new float[c1 - c0], mgh = new float[c1 - c0];
            for (int ch = c0; ch < c1; ch++) {
                k[ch - c0] = gamma[ch] * invStd[ch];
                mg[ch - c0] = (float) (sumG[ch] / m);
                mgh[ch - c0] = (float) (sumGXhat[ch] / m);
            }
            for (int o = 0; o < outer; o++) {
                for (int ch = c0; ch < c1; ch++) {
                    int base = (o * c + ch) * inner, j = ch - c0;
                    for (int i = 0; i < inner; i++) dx[base + i] = k[j] * (g[base + i] - mg[j] - xhat[base + i] * mgh[j]);
                }
            }
        });
    }

    /** y = x * k + shift with k and shift (c) broadcast along rows of c values, rounded after each operation. */
    public static void scaleShiftRows(float[] x, float[] k, float[] shift, float[] y, int c) {
        int rows = x.length / c;
        Parallel.forRange(rows, Math.max(1, Arithmetic.PARALLEL_GRAIN / c), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                for (int j = 0; j < c; j++) y[o + j] = x[o + j] * k[j] + shift[j];
            }
        });
    }

    /** Layer norm forward over rows of d values: xhat, y = gamma * xhat + beta, and invStd per row. */
    public static void layerNormForward(float[] x, float[] gamma, float[] beta, int rows, int d, float eps,
            float[] xhat, float[] y, float[] invStd) {
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            double sum = 0;
            for (int i = 0; i < d; i++) sum += x[base + i];
            float mean = (float) (sum / d);
            double sq = 0;
            for (int i = 0; i < d; i++) {
                double v = x[base + i] - mean;
                sq += v * v;
            }
            float inv = (float) (1.0 / Math.sqrt(sq / d + eps));
            invStd[r] = inv;
            for (int i = 0; i < d; i++) {
                float h = (x[base + i] - mean) * inv;
                xhat[base + i] = h;
                y[base + i] = gamma[i] * h + beta[i];
            }
        }
    }

    /**
     * Layer norm backward: dgamma += g * xhat and dbeta += g summed over rows; when dx is not null,
     * dx = invStd * (dh - mean(dh) - xhat * mean(dh * xhat)) with dh = g * gamma, per row.
     */
    public static void layerNormBackward(float[] g, float[] xhat, float[] gamma, float[] invStd, int rows, int d,
            float[] dgamma, float[] dbeta, float[] dx) {
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            double sdh = 0, sdhh = 0;
            for (int i = 0; i < d; i++) {
                float gi = g[base + i];
                dgamma[i] += gi * xhat[base + i];
                dbeta[i] += gi;
                float dh = gi * gamma[i];
                sdh += dh;
                sdhh += (double) dh * xhat[base + i];
            }
            if (dx != null) {
                float mdh = (float) (sdh / d), mdhh = (float) (sdhh / d);
                for (int i = 0; i < d; i++) dx[base + i] = invStd[r] * (g[base + i] * gamma[i] - mdh - xhat[base + i] * mdhh);
            }
        }
    }
}
