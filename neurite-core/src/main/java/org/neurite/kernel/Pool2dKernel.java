package org.neurite.kernel;

import java.util.Arrays;

/**
 * Max and average 2-d pooling, channels-last (N, H, W, C). Forward passes split output rows over
 * threads; backward passes scatter into the input gradient and split the batch (images own
 * disjoint parts of it), scanning each image in a fixed order: bit-identical for any thread count.
 * Every method overwrites its output array.
 */
public final class Pool2dKernel {
    /** argmax value of an output whose maximum was a padded cell: no input receives its gradient. */
    public static final int PADDED = -1;

    private Pool2dKernel() {}

    /**
     * Max pooling. Cells of a window outside the input take {@code padValue} (-infinity as in PyTorch
     * and Keras, or 0 as some textbooks assume). The first maximum in row-major window order wins;
     * NaN propagates. {@code argmax} (nullable) receives, per output element, the flat index of the
     * chosen input element, or {@link #PADDED}.
     */
    public static void maxForward(PoolGeometry g, float[] input, float padValue, float[] out, int[] argmax) {
        check(g, "input", input.length, g.inputSize());
        check(g, "output", out.length, g.outputSize());
        if (argmax != null) check(g, "argmax", argmax.length, g.outputSize());
        final int outH = g.outH(), outW = g.outW(), c = g.channels(), inH = g.inH(), inW = g.inW();
        if (argmax != null && g.poolH() == 2 && g.poolW() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padTop() == 0 && g.padLeft() == 0 && 2 * outH <= inH && 2 * outW <= inW) {
            max2x2(g, input, out, argmax);
            return;
        }
        Parallel.forRange(g.batch() * outH, (r0, r1) -> {
            int[] idx = argmax != null ? argmax : new int[outW * c];
            for (int r = r0; r < r1; r++) {
                int n = r / outH, oh = r - n * outH;
                int ih0 = oh * g.strideH() - g.padTop();
                for (int ow = 0; ow < outW; ow++) {
                    int iw0 = ow * g.strideW() - g.padLeft();
                    int o = ((r * outW) + ow) * c;
                    int io = argmax != null ? o : ow * c;
                    boolean first = true;
                    for (int i = 0; i < g.poolH(); i++) {
                        int ih = ih0 + i;
                        for (int j = 0; j < g.poolW(); j++) {
                            int iw = iw0 + j;
                            if (ih < 0 || ih >= inH || iw < 0 || iw >= inW) {
                                for (int ch = 0; ch < c; ch++) {
                                    if (first || greater(padValue, out[o + ch])) {
                                        out[o + ch] = padValue;
                                        idx[io + ch] = PADDED;
                                    }
                                }
                            } else {
                                int base = ((n * inH + ih) * inW + iw) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    float v = input[base + ch];
                                    if (first || greater(v, out[o + ch])) {
                                        out[o + ch] = v;
                                        idx[io + ch] = base + ch;
                                    }
                                }
                            }
                            first = false;
                        }
                    }
                }
            }
        });
    }

    /**
     * The common case, 2x2 windows with stride 2 inside the input: the four candidates compared in
     * window order, in one pass per output row. Rows of output are split over threads (in parts of
     * at least ~16k outputs, so small layers stay on the calling thread).
     */
    private static void max2x2(PoolGeometry g, float[] input, float[] out, int[] argmax) {
        final int outH = g.outH(), outW = g.outW(), c = g.channels(), inH = g.inH(), inW = g.inW();
        final int rowStride = inW * c, perRow = outW * c;
        if (VECTOR_ROWS != null && c % VECTOR_ROWS.lanes() == 0) {
            Parallel.forRange(g.batch() * outH, Math.max(1, MIN_PART / perRow),
                    (r0, r1) -> VECTOR_ROWS.rows(input, out, argmax, r0, r1, outH, outW, c, inH, rowStride));
            return;
        }
        if (VECTOR_ROWS != null && c < VECTOR_ROWS.lanes() && perRow >= VECTOR_ROWS.lanes()) {
            Parallel.forRange(g.batch() * outH, Math.max(1, MIN_PART / perRow),
                    (r0, r1) -> VECTOR_ROWS.rowsOverlapped(input, out, argmax, r0, r1, outH, outW, c, inH, rowStride));
            return;
        }
        Parallel.forRange(g.batch() * outH, Math.max(1, MIN_PART / perRow), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int n = r / outH, oh = r - n * outH;
                max2x2Outputs(input, out, argmax, (n * inH + 2 * oh) * rowStride, rowStride, c, r * perRow, 0, perRow);
            }
        });
    }

    /**
     * Outputs [p0, p1) of one output row (output p: cell p / c, channel p % c) whose 2x2 windows
     * start at input offset row; written at out[o + p].
     */
    static void max2x2Outputs(float[] input, float[] out, int[] argmax, int row, int rowStride, int c, int o, int p0, int p1) {
        int p = p0;
        while (p < p1) {
            int ow = p / c, ch = p - ow * c;
            int end = Math.min(p1, p + c - ch); // the rest of this cell
            for (int cell = row + 2 * ow * c; p < end; p++, ch++) {
                int k = cell + ch;
                float best = input[k];
                int k1 = k + c;
                float v = input[k1];
                int take = laterWins(v, best);
                k ^= (k ^ k1) & take;
                best = Math.max(best, v);
                k1 = cell + ch + rowStride;
                v = input[k1];
                take = laterWins(v, best);
                k ^= (k ^ k1) & take;
                best = Math.max(best, v);
                k1 += c;
                v = input[k1];
                take = laterWins(v, best);
                k ^= (k ^ k1) & take;
                best = Math.max(best, v);
                out[o + p] = best;
                argmax[o + p] = k;
            }
        }
    }

    /**
     * -1 when a later candidate v beats the current best (v &gt; best), else 0, without a branch: the
     * sign of best - v. Random data makes a branch here mispredict half the time. Differs from
     * {@link #greater} only on +0/-0 and infinite ties and NaN, where any index of the window is
     * an acceptable argmax (the value itself comes from Math.max, which propagates NaN).
     */
    private static int laterWins(float v, float best) {
        return Float.floatToRawIntBits(best - v) >> 31;
    }

    /** Output rows [r0, r1) of a 2x2 stride-2 max pooling, vectorised (rows: c a multiple of lanes()). */
    interface Max2x2Rows {
        int lanes();

        void rows(float[] input, float[] out, int[] argmax, int r0, int r1, int outH, int outW, int c, int inH, int rowStride);

        /** The same for any c &lt; lanes(), rows of at least lanes() outputs: one cell per step. */
        void rowsOverlapped(float[] input, float[] out, int[] argmax, int r0, int r1, int outH, int outW, int c, int inH, int rowStride);
    }

    private static final Max2x2Rows VECTOR_ROWS = chooseRows();

    private static Max2x2Rows chooseRows() {
        Max2x2Rows v = VectorKernels.load("VectorPool", Max2x2Rows.class); // null: the scalar loop
        return v != null && v.lanes() >= 4 ? v : null;
    }

    /** Smallest number of outputs worth handing to another thread. */
    private static final int MIN_PART = 1 << 14;

    private static boolean greater(float v, float best) {
        return v > best || (v != v && best == best);
    }

    /** gradInput[argmax[o]] += gradOut[o] (gradInput is zeroed first); padded maxima drop their gradient. */
    public static void maxBackward(PoolGeometry g, float[] gradOut, int[] argmax, float[] gradInput) {
        check(g, "output gradient", gradOut.length, g.outputSize());
        check(g, "argmax", argmax.length, g.outputSize());
        check(g, "input gradient", gradInput.length, g.inputSize());
        final int perOut = g.outH() * g.outW() * g.channels();
        final int perIn = g.inH() * g.inW() * g.channels();
        Parallel.forRange(g.batch(), (n0, n1) -> {
            for (int n = n0; n < n1; n++) { // image by image: the zeros are still in cache for the scatter
                Arrays.fill(gradInput, n * perIn, (n + 1) * perIn, 0f);
                for (int o = n * perOut; o < (n + 1) * perOut; o++) {
                    int k = argmax[o];
                    if (k >= 0) gradInput[k] += gradOut[o];
                }
            }
        });
    }

    /** out[o] = x[argmax[o]] (0 for padded maxima): the adjoint of {@link #maxBackward}, x shaped as the input. */
    public static void maxGather(PoolGeometry g, float[] x, int[] argmax, float[] out) {
        check(g, "input-shaped array", x.length, g.inputSize());
        check(g, "argmax", argmax.length, g.outputSize());
        check(g, "output", out.length, g.outputSize());
        int size = g.outputSize();
        for (int o = 0; o < size; o++) {
            int k = argmax[o];
            out[o] = k >= 0 ? x[k] : 0f;
        }
    }

    /**
     * Average pooling with zero padding. With {@code countIncludePad} every window divides by
     * poolH*poolW (PyTorch's default); without, by the number of cells inside the input (Keras
     * 'same'). A window entirely in the padding averages to 0 then.
     */
    public static void avgForward(PoolGeometry g, float[] input, boolean countIncludePad, float[] out) {
        check(g, "input", input.length, g.inputSize());
        check(g, "output", out.length, g.outputSize());
        final int outH = g.outH(), outW = g.outW(), c = g.channels(), inH = g.inH(), inW = g.inW();
        Parallel.forRange(g.batch() * outH, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int n = r / outH, oh = r - n * outH;
                int ih0 = oh * g.strideH() - g.padTop();
                int h0 = Math.max(0, ih0), h1 = Math.min(inH, ih0 + g.poolH());
                for (int ow = 0; ow < outW; ow++) {
                    int iw0 = ow * g.strideW() - g.padLeft();
                    int w0 = Math.max(0, iw0), w1 = Math.min(inW, iw0 + g.poolW());
                    int o = ((r * outW) + ow) * c;
                    Arrays.fill(out, o, o + c, 0f);
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            int base = ((n * inH + ih) * inW + iw) * c;
                            for (int ch = 0; ch < c; ch++) out[o + ch] += input[base + ch];
                        }
                    }
                    int count = divisor(g, countIncludePad, h0, h1, w0, w1);
                    for (int ch = 0; ch < c; ch++) out[o + ch] = count == 0 ? 0f : out[o + ch] / count;
                }
            }
        });
    }

    /** The adjoint of {@link #avgForward}: each output gradient spread evenly over its window. */
    public static void avgBackward(PoolGeometry g, float[] gradOut, boolean countIncludePad, float[] gradInput) {
        check(g, "output gradient", gradOut.length, g.outputSize());
        check(g, "input gradient", gradInput.length, g.inputSize());
        final int outH = g.outH(), outW = g.outW(), c = g.channels(), inH = g.inH(), inW = g.inW();
        final int perIn = inH * inW * c;
        Parallel.forRange(g.batch(), (n0, n1) -> {
            Arrays.fill(gradInput, n0 * perIn, n1 * perIn, 0f);
            for (int n = n0; n < n1; n++) {
                for (int oh = 0; oh < outH; oh++) {
                    int ih0 = oh * g.strideH() - g.padTop();
                    int h0 = Math.max(0, ih0), h1 = Math.min(inH, ih0 + g.poolH());
                    for (int ow = 0; ow < outW; ow++) {
                        int iw0 = ow * g.strideW() - g.padLeft();
                        int w0 = Math.max(0, iw0), w1 = Math.min(inW, iw0 + g.poolW());
                        int count = divisor(g, countIncludePad, h0, h1, w0, w1);
                        if (count == 0) continue;
                        int o = (((n * outH) + oh) * outW + ow) * c;
                        for (int ih = h0; ih < h1; ih++) {
                            for (int iw = w0; iw < w1; iw++) {
                                int base = ((n * inH + ih) * inW + iw) * c;
                                for (int ch = 0; ch < c; ch++) gradInput[base + ch] += gradOut[o + ch] / count;
                            }
                        }
                    }
                }
            }
        });
    }

    /** Cells an average divides by (0 for a window entirely in the padding without countIncludePad). */
    private static int divisor(PoolGeometry g, boolean countIncludePad, int h0, int h1, int w0, int w1) {
        return countIncludePad ? g.poolH() * g.poolW() : Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
    }

    private static void check(PoolGeometry g, String what, int have, int need) {
        if (have < need) {
            throw new IllegalArgumentException("pool2d: " + what + " array has " + have + " values, geometry " + g + " needs " + need);
        }
    }
}
