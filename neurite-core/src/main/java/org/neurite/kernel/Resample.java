package org.neurite.kernel;

/**
 * The loops of separable linear resampling of (N, H, W, C) maps: each output row i is a weighted
 * sum of a few input rows ({@link Taps}), each output column likewise, independently per channel:
 * <pre>
 *   out[n, i, j, c] = sum_a sum_b rowW[i][a] * colW[j][b] * x[n, rows[i][a], cols[j][b], c]
 * </pre>
 * and its adjoint (the scatter with the same weights). Nearest and bilinear upsampling and
 * adaptive average pooling are all of this form.
 */
public final class Resample {
    private Resample() {}

    /** For each of {@code out} positions, the input positions read and their weights. */
    public record Taps(int in, int[][] index, float[][] weight) {
        public int out() {
            return index.length;
        }
    }

    /** Nearest-neighbour upsampling by an integer factor: output i reads input i / factor. */
    public static Taps nearest(int in, int factor) {
        int out = in * factor;
        int[][] idx = new int[out][];
        float[][] w = new float[out][];
        for (int i = 0; i < out; i++) {
            idx[i] = new int[] {i / factor};
            w[i] = new float[] {1f};
        }
        return new Taps(in, idx, w);
    }

    /**
     * Bilinear resizing with half-pixel centres (TensorFlow's {@code tf.image.resize}, used by
     * Keras' UpSampling2D(interpolation='bilinear'); PyTorch's {@code align_corners=False}):
     * source coordinate (i + 0.5) * in / out - 0.5, clamped at 0, interpolated between its floor
     * and the next position (clamped at the last).
     */
    public static Taps bilinear(int in, int out) {
        int[][] idx = new int[out][];
        float[][] w = new float[out][];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max((i + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            float l = (float) (src - i0);
            idx[i] = new int[] {i0, i1};
            w[i] = new float[] {1 - l, l};
        }
        return new Taps(in, idx, w);
    }

    /**
     * PyTorch's adaptive average pooling bins: output i averages input positions
     * [floor(i*in/out), ceil((i+1)*in/out)).
     */
    public static Taps adaptiveAverage(int in, int out) {
        int[][] idx = new int[out][];
        float[][] w = new float[out][];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floorDiv((long) i * in, out);
            int end = (int) -Math.floorDiv(-(long) (i + 1) * in, out);
            idx[i] = new int[end - start];
            w[i] = new float[end - start];
            for (int k = 0; k < end - start; k++) {
                idx[i][k] = start + k;
                w[i][k] = 1f / (end - start);
            }
        }
        return new Taps(in, idx, w);
    }

    /**
     * {@link #accumulate} for taps with one source of weight 1 per output cell (nearest-neighbour
     * upsampling), with the same results: forward, each output cell is 0 + 1*1*x = x + 0 (rows of
     * output split between threads); adjoint, each input cell receives its output cells in the same
     * (row, column) order (images split between threads).
     */
    private static void nearest(float[] from, float[] to, int n, int c, Taps rows, Taps cols, boolean adjoint) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out();
        int[] ci = new int[ow];
        for (int j = 0; j < ow; j++) ci[j] = cols.index()[j][0];
        if (!adjoint) {
            Parallel.forRange(n * oh, Math.max(1, Arithmetic.PARALLEL_GRAIN / Math.max(1, ow * c)), (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int b = r / oh, i = r - b * oh;
                    int cellRow = (b * h + rows.index()[i][0]) * w;
                    int o = r * ow * c;
                    for (int j = 0; j < ow; j++, o += c) {
                        int cell = (cellRow + ci[j]) * c;
                        for (int ch = 0; ch < c; ch++) to[o + ch] = from[cell + ch] + 0f;
                    }
                }
            });
            return;
        }
        Parallel.forRange(n, Math.max(1, Arithmetic.PARALLEL_GRAIN / Math.max(1, oh * ow * c)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int i = 0; i < oh; i++) {
                    int cellRow = (b * h + rows.index()[i][0]) * w;
                    int o = (b * oh + i) * ow * c;
                    for (int j = 0; j < ow; j++, o += c) {
                        int cell = (cellRow + ci[j]) * c;
                        for (int ch = 0; ch < c; ch++) to[cell + ch] += from[o + ch];
                    }
                }
            }
        });
    }

    /** True when every output takes exactly one source with weight 1 (nearest-neighbour taps). */
    public static boolean singleUnitTaps(Taps t) {
        for (int i = 0; i < t.out(); i++) {
            if (t.index()[i].length != 1 || t.weight()[i][0] != 1f) return false;
        }
        return true;
    }

    /**
     * The loop of the resampling and its adjoint, over every output cell (b, i, j) and
     * tap pair (a, q) with weight {@code rows.weight[i][a] * cols.weight[j][q]}: adds weight times
     * input cell (b, rows.index[i][a], cols.index[j][q]) to the output cell, or with {@code adjoint}
     * weight times the output cell to that input cell. {@code from} and {@code to} are
     * (N, H, W, C) and (N, OH, OW, C), swapped with {@code adjoint}.
     */
    public static void accumulate(float[] from, float[] to, int n, int c, Taps rows, Taps cols, boolean adjoint) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out();
        if (singleUnitTaps(rows) && singleUnitTaps(cols)) {
            nearest(from, to, n, c, rows, cols, adjoint);
            return;
        }
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int o = ((b * oh + i) * ow + j) * c;
                    for (int a = 0; a < rows.index()[i].length; a++) {
                        float wa = rows.weight()[i][a];
                        int ra = rows.index()[i][a];
                        for (int q = 0; q < cols.index()[j].length; q++) {
                            float wt = wa * cols.weight()[j][q];
                            int cell = ((b * h + ra) * w + cols.index()[j][q]) * c;
                            int src = adjoint ? o : cell, dst = adjoint ? cell : o;
                            for (int ch = 0; ch < c; ch++) to[dst + ch] += wt * from[src + ch];
                        }
                    }
                }
            }
        }
    }
}
