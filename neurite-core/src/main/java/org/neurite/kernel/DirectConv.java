package org.neurite.kernel;

import java.util.Arrays;

/**
 * Direct stride-1 convolutions for few output channels (the small CNNs people train on a CPU), used
 * by {@link Conv2dKernel} when the SIMD kernel is available. No im2col, no col2im, no GEMM packing.
 *
 * <p>The "flat padded" layout: each image is copied once into channel planes of Hp x Wp with its
 * zero padding included, Wp = OW + (KW-1)*dilation. An output cell (oh, ow) then sits at the flat
 * index q = oh*Wp + ow, and the input value of its tap (i, j, c) is at q + off(i, j, c), with
 * off = c*Hp*Wp + i*dh*Wp + j*dw the same for every cell. So a run of consecutive q (crossing
 * row ends) reads contiguous vectors for every tap; the cells with ow &gt;= OW are computed and
 * discarded (Wp/OW - 1 extra work, e.g. 14% for a 28x28 'same' 5x5 layer). Vectors run over output
 * cells, a register tile holds 8 (or 4, or 1) output channels; the tile is transposed into the NHWC
 * output (with the bias added) from L1. When the output channels fill exactly one vector (16 with
 * AVX-512), a tile is instead eight cells by all channels, which is already NHWC order.
 *
 * <p>The source may be read through a nearest-neighbour upsampling ({@link Planes}): a decoder's
 * convolution then pads the small map straight into its planes, and its input gradient adds each
 * cell into the small map's gradient (the upsampling's adjoint) as it is computed.
 *
 * <ul>
 * <li>forward: planes = the input, taps (i, j, c), weights K[i, j, c, f].
 * <li>input gradient: a full correlation of the output gradient with the flipped kernel: planes = the
 *     output gradient placed at ((KH-1)*dh - padTop, (KW-1)*dw - padLeft), taps (i', j', f),
 *     weights K[KH-1-i', KW-1-j', c, f]. Every input-gradient cell is one sum: no zeroing, no scatter
 *     (unless it is summed into the map behind an upsampling).
 * <li>kernel gradient: dK[i, j, c, f] = sum over images and cells of x[q + off(i, j, c)] * g[f][q],
 *     with g the output gradient in the same flat layout (zeros at discarded cells): 4x4 tiles of
 *     (tap, filter) dot products (8x1 for a single filter), vectorised over q. Images go in groups
 *     whose size depends on the geometry only; group partials are added in group order, lanes in
 *     lane order: bit-identical for any thread count.
 * </ul>
 */
final class DirectConv {
    /** Output channels (filters; input channels for the input gradient) up to which the direct path is used. */
    static final int MAX_CHANNELS = 16;
    /** Floats of padded input + flat gradient that one group of images of the kernel gradient aims at. */
    private static final int GROUP_FLOATS = 1 << 17;
    /** Floats of padded input + flat gradient the kernel gradient keeps in L1 while it sweeps every tile. */
    private static final int L1_FLOATS = 1 << 13;
    /**
     * Largest gradient of one image (floats) for which the kernel gradient goes filter-wise: that
     * path sweeps the image's whole gradient once per eight taps, so it must stay in L2 (LeNet's
     * 10x10x16 does; the exam segmentation net's 128x256x16 made that layer 2x slower).
     */
    private static final int BY_FILTER_MAX_FLOATS = 1 << 14;

    /** The SIMD loops; see {@link VectorFlatConv}. */
    interface FlatKernel {
        int lanes();

        /** out[g*2L + j] = sum over t &lt; taps of w[wOff + 8t + g] * x[xOff + off[t] + j], for g &lt; 8, j &lt; 2L. */
        void conv8(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out);

        /** out[g*4L + j] = sum over t &lt; taps of w[wOff + 4t + g] * x[xOff + off[t] + j], for g &lt; 4, j &lt; 4L. */
        void conv4(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out);

        /** out[j] = sum over t &lt; taps of w[wOff + t] * x[xOff + off[t] + j], for j &lt; 4L: one output channel. */
        void conv1(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out);

        /**
         * out[outOff + i*L + l] = (sum over t &lt; taps of x[xOff + off[t] + i] * w[t*L + l]) + bias[l], for
         * i &lt; 8, l &lt; L: eight consecutive cells, each one vector of all L output channels (NHWC order).
         */
        void cells8(int taps, int[] off, float[] x, int xOff, float[] w, float[] bias, float[] out, int outOff);

        /**
         * Adds count cells of L channels from cells[0..] into out at d, moving d on by L after every
         * sumW cells (the first move after sumW - phase): the row of a nearest upsampling's adjoint.
         */
        void addCells(float[] cells, int count, float[] out, int d, int sumW, int phase);

        /**
         * acc[at + (4a + b)*L + l] += sum over n &lt; images, q &lt; len (step L) of
         * x[n*xStride + o_a + q + l] * g[n*gStride + g0 + b*plane + q + l]; len a multiple of L.
         */
        void dot4x4(int images, float[] x, int xStride, int o0, int o1, int o2, int o3,
                    float[] g, int gStride, int g0, int plane, int len, float[] acc, int at);

        /**
         * acc[at + a*L + l] += sum over n &lt; images, q &lt; len (step L) of
         * x[n*xStride + xAt + off[t0 + a] + q + l] * g[n*gStride + q + l], for a &lt; 8: eight taps against one filter.
         */
        void dot8x1(int images, float[] x, int xStride, int[] off, int t0, int xAt, float[] g, int gStride, int len, float[] acc, int at);

        /**
         * acc[at + j*L + l] += sum over cells (oh &lt; oH, ow &lt; oW) of x[xAt + off[t0 + j] + oh*wp + ow]
         * * g[gAt + (oh*oW + ow)*L + l], for j &lt; 8: eight taps against L filters.
         */
        void outer8(int[] off, int t0, float[] x, int xAt, int wp, int oH, int oW, float[] g, int gAt, float[] acc, int at);
    }

    static final FlatKernel KERNEL = choose();

    private static FlatKernel choose() {
        // null: Conv2dKernel uses im2col + Gemm
        return Boolean.getBoolean("neurite.noDirectConv") ? null : VectorKernels.load("VectorFlatConv", FlatKernel.class);
    }

    private DirectConv() {}

    private static final class Buffers {
        float[] x = new float[0];
        float[] g = new float[0];
        float[] tile = new float[0];
        float[] acc = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static boolean forwardApplies(ConvGeometry g) {
        return KERNEL != null && g.strideH() == 1 && g.strideW() == 1 && g.outC() <= MAX_CHANNELS;
    }

    /**
     * The input gradient as a full correlation also multiplies the zeros around the output gradient:
     * worth it only when at least half of its products are real ones (not for a 5x5 'valid' layer on
     * a 14x14 input, say, where im2col + Gemm is faster).
     */
    static boolean inputGradApplies(ConvGeometry g) {
        if (KERNEL == null || g.strideH() != 1 || g.strideW() != 1 || g.inC() > MAX_CHANNELS) return false;
        long wp = g.inW() + (long) (g.kW() - 1) * g.dilationW();
        long useful = (long) g.outH() * g.outW() * g.inC();
        long done = g.inH() * wp * computedChannels(g.inC());
        return 2 * useful >= done;
    }

    static boolean kernelGradApplies(ConvGeometry g) {
        return KERNEL != null && g.strideH() == 1 && g.strideW() == 1 && g.outC() <= MAX_CHANNELS;
    }

    // ------------------------------------------------------------------ forward and input gradient

    /**
     * Floats of the padded input planes the forward pass can leave for the kernel gradient
     * ({@link #forward} with a {@code padded} array, then {@link #kernelGrad} with the same one).
     */
    static long paddedSize(ConvGeometry g) {
        final int hp = g.outH() + (g.kH() - 1) * g.dilationH(), wp = g.outW() + (g.kW() - 1) * g.dilationW();
        return (long) g.batch() * xStride(g.inC(), hp, wp, KERNEL.lanes());
    }

    private static int xStride(int cin, int hp, int wp, int lanes) {
        return cin * hp * wp + wp + 4 * lanes;
    }

    /**
     * out = conv(input, kernel) + bias, then the epilogue (nullable) on each image's output while it
     * is in cache; padded (nullable, {@link #paddedSize} floats) receives every padded image for
     * {@link #kernelGrad}.
     */
    static void forward(ConvGeometry g, float[] input, float[] kernel, float[] bias, float[] out, float[] padded,
                        Conv2dKernel.Epilogue epilogue) {
        forward(g, input, 1, 1, kernel, bias, out, padded, epilogue);
    }

    /** As above, the input read as the nearest-neighbour upsampling by (upH, upW) of the smaller map in {@code input}. */
    static void forward(ConvGeometry g, float[] input, int upH, int upW, float[] kernel, float[] bias, float[] out, float[] padded,
                        Conv2dKernel.Epilogue epilogue) {
        final int kH = g.kH(), kW = g.kW(), c = g.inC(), f = g.outC(), dh = g.dilationH(), dw = g.dilationW();
        final int hp = g.outH() + (kH - 1) * dh, wp = g.outW() + (kW - 1) * dw, plane = hp * wp;
        final int taps = kH * kW * c;
        int[] off = tapOffsets(kH, kW, c, plane, wp, dh, dw, taps);
        int[] tapAt = new int[taps];
        for (int t = 0; t < taps; t++) tapAt[t] = t * f;
        float[] w = packWeights(taps, f, kernel, tapAt, 1);
        Planes planes = new Planes(input, c, g.inH(), g.inW(), upH, upW, g.padTop(), g.padLeft(), hp, wp);
        run(g.batch(), planes, off, taps, w, f, g.outH(), g.outW(), out, 1, 1, bias, padded, epilogue);
    }

    static void inputGrad(ConvGeometry g, float[] gradOut, float[] kernel, float[] gradInput) {
        inputGrad(g, gradOut, kernel, gradInput, 1, 1);
    }

    /**
     * As above, with the input gradient summed over (sumH x sumW) blocks into the zeroed, smaller
     * gradInput (N, H/sumH, W/sumW, C): the gradient with respect to the map behind a nearest
     * upsampling by (sumH, sumW), with the bits of the input gradient followed by the upsampling's adjoint.
     */
    static void inputGrad(ConvGeometry g, float[] gradOut, float[] kernel, float[] gradInput, int sumH, int sumW) {
        final int kH = g.kH(), kW = g.kW(), c = g.inC(), f = g.outC(), dh = g.dilationH(), dw = g.dilationW();
        final int hp = g.inH() + (kH - 1) * dh, wp = g.inW() + (kW - 1) * dw, plane = hp * wp;
        final int taps = kH * kW * f;
        int[] off = tapOffsets(kH, kW, f, plane, wp, dh, dw, taps);
        int[] src = new int[taps]; // kernel index of (KH-1-i', KW-1-j', 0, f)
        for (int i = 0, t = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                for (int ff = 0; ff < f; ff++, t++) src[t] = ((kH - 1 - i) * kW + (kW - 1 - j)) * c * f + ff;
            }
        }
        float[] w = packWeights(taps, c, kernel, src, f);
        Planes planes = new Planes(gradOut, f, g.outH(), g.outW(), 1, 1, (kH - 1) * dh - g.padTop(), (kW - 1) * dw - g.padLeft(), hp, wp);
        run(g.batch(), planes, off, taps, w, c, g.inH(), g.inW(), gradInput, sumH, sumW, null, null, null);
    }

    /**
     * The weights kernel[tapAt[t] + ch * channelStride] of tap t and output channel ch of the flat
     * correlation, in the order the tiles read them: [tap][channel] when the channels fill one vector
     * ({@link #byCell}), else per channel group of width gw, [group][tap][gw] with zero padding.
     */
    private static float[] packWeights(int taps, int cout, float[] kernel, int[] tapAt, int channelStride) {
        if (byCell(cout)) {
            float[] w = new float[taps * cout];
            for (int t = 0; t < taps; t++) for (int ch = 0; ch < cout; ch++) w[t * cout + ch] = kernel[tapAt[t] + ch * channelStride];
            return w;
        }
        float[] w = new float[taps * (cout + 8)];
        for (int c0 = 0; c0 < cout; c0 += 8) {
            int gw = groupWidth(cout - c0);
            for (int t = 0; t < taps; t++) {
                for (int q = 0; q < gw; q++) {
                    w[taps * c0 + t * gw + q] = c0 + q < cout ? kernel[tapAt[t] + (c0 + q) * channelStride] : 0f;
                }
            }
        }
        return w;
    }

    /**
     * Whether the output channels exactly fill one vector (16 with AVX-512): then tiles are eight
     * cells by all channels, stored as they lie in NHWC (no transposing store).
     */
    private static boolean byCell(int cout) {
        return cout == KERNEL.lanes();
    }

    /** 8 channels per register tile, or 4 when 2 to 4 remain, or 1 for a last single channel. */
    private static int groupWidth(int remaining) {
        return remaining == 1 ? 1 : remaining <= 4 ? 4 : 8;
    }

    /** Channels the register tiles compute for {@code channels} outputs (the padding of the last group included). */
    private static int computedChannels(int channels) {
        int n = 0;
        for (int c0 = 0; c0 < channels; c0 += 8) n += groupWidth(channels - c0);
        return n;
    }

    /**
     * out (N, oH, oW, cout) = flat correlation of the source laid out in padded planes; with
     * (sumH, sumW) other than (1, 1), out is (N, oH/sumH, oW/sumW, cout), zeroed, and receives
     * each block's sum instead.
     */
    private static void run(int batch, Planes planes, int[] off, int taps, float[] w, int cout, int oH, int oW, float[] out,
                            int sumH, int sumW, float[] bias, float[] keep, Conv2dKernel.Epilogue epilogue) {
        final FlatKernel k = KERNEL;
        final int lanes = k.lanes();
        final int xStride = planes.stride(lanes);
        final int wp = planes.wp();
        final int qEnd = oH * wp;
        final int unit = 4 * lanes; // a multiple of both block widths
        final int units = (qEnd + unit - 1) / unit;
        final int outImage = oH * oW * cout;
        final boolean summed = sumH * sumW > 1, byCell = byCell(cout);
        final float[] cellBias = byCell ? (bias != null ? bias : new float[cout]) : null;
        // summing, threads must not share an image: its cells add into the same blocks
        if (batch >= Parallel.threads() || Parallel.inParallelRegion() || units < 2 || summed) {
            Parallel.forRange(batch, (n0, n1) -> {
                Buffers b = buffers(keep == null ? xStride : 0, 8 * unit);
                for (int n = n0; n < n1; n++) {
                    float[] x = keep == null ? b.x : keep;
                    int at = keep == null ? 0 : n * xStride;
                    planes.pad(n, x, at, xStride);
                    if (byCell) cellRows(k, x, at, off, taps, w, cellBias, 0, oH, wp, oH, oW, out, n, sumH, sumW, b.tile);
                    else blocks(k, x, at, off, taps, w, cout, 0, qEnd, wp, oH, oW, out, n, bias, sumH, sumW, b.tile);
                    if (epilogue != null) epilogue.apply(out, n * outImage, (n + 1) * outImage);
                }
            });
        } else {
            // fewer images than threads (inference): one image at a time, its cells split over threads
            float[] x = keep != null ? keep : buffers(xStride, 8 * unit).x;
            for (int n = 0; n < batch; n++) {
                final int image = n, at = keep != null ? n * xStride : 0;
                planes.pad(n, x, at, xStride);
                if (byCell) {
                    Parallel.forRange(oH, (r0, r1) -> cellRows(k, x, at, off, taps, w, cellBias, r0, r1, wp, oH, oW, out, image, 1, 1,
                            buffers(0, 8 * unit).tile));
                } else {
                    Parallel.forRange(units, (u0, u1) -> {
                        float[] tile = buffers(0, 8 * unit).tile;
                        blocks(k, x, at, off, taps, w, cout, u0 * unit, Math.min(qEnd, u1 * unit), wp, oH, oW, out, image, bias, 1, 1, tile);
                    });
                }
                if (epilogue != null) epilogue.apply(out, n * outImage, (n + 1) * outImage);
            }
        }
    }

    private static Buffers buffers(int xSize, int tileSize) {
        Buffers b = BUFFERS.get();
        if (b.x.length < xSize) b.x = new float[xSize];
        if (b.tile.length < tileSize) b.tile = new float[tileSize];
        return b;
    }

    /**
     * Output cells [q0, q1) of image n (q0 a multiple of 4L), every channel group; with (sumH, sumW)
     * other than (1, 1) added into their blocks of the smaller out ({@link #storeSummed}).
     */
    private static void blocks(FlatKernel k, float[] x, int xAt, int[] off, int taps, float[] w, int cout, int q0, int q1, int wp,
                               int oH, int oW, float[] out, int n, float[] bias, int sumH, int sumW, float[] tile) {
        final int lanes = k.lanes();
        final boolean summed = sumH * sumW > 1;
        final int outImage = summed ? n * (oH / sumH) * (oW / sumW) * cout : n * oH * oW * cout;
        for (int c0 = 0; c0 < cout; c0 += 8) {
            int gw = groupWidth(cout - c0);
            int valid = Math.min(gw, cout - c0);
            int width = gw == 8 ? 2 * lanes : 4 * lanes;
            int wOff = taps * c0;
            for (int q = q0; q < q1; q += width) {
                if (gw == 8) k.conv8(taps, off, x, xAt + q, w, wOff, tile);
                else if (gw == 4) k.conv4(taps, off, x, xAt + q, w, wOff, tile);
                else k.conv1(taps, off, x, xAt + q, w, wOff, tile);
                int count = Math.min(q1 - q, width);
                if (summed) storeSummed(tile, width, valid, q, count, wp, oW, out, outImage, cout, c0, sumH, sumW);
                else store(tile, width, valid, q, count, wp, oW, out, outImage, cout, c0, bias);
            }
        }
    }

    /**
     * Output rows [r0, r1) of image n when the channels fill one vector ({@link #byCell}): windows of
     * eight cells along each row, stored straight into the NHWC output (a window that runs past the
     * row's end goes through the tile, and its kept cells are copied). With (sumH, sumW) other than
     * (1, 1), every cell is added into its block of the smaller out instead, as in {@link #storeSummed}.
     */
    private static void cellRows(FlatKernel k, float[] x, int xAt, int[] off, int taps, float[] w, float[] bias, int r0, int r1,
                                 int wp, int oH, int oW, float[] out, int n, int sumH, int sumW, float[] tile) {
        final int cout = k.lanes();
        final boolean summed = sumH * sumW > 1;
        final int lowW = oW / sumW;
        final int outImage = summed ? n * (oH / sumH) * lowW * cout : n * oH * oW * cout;
        for (int oh = r0; oh < r1; oh++) {
            int xRow = xAt + oh * wp;
            for (int ow = 0; ow < oW; ow += 8) {
                int count = Math.min(8, oW - ow);
                if (summed) {
                    k.cells8(taps, off, x, xRow + ow, w, bias, tile, 0);
                    int d = outImage + ((oh / sumH) * lowW + ow / sumW) * cout;
                    k.addCells(tile, count, out, d, sumW, ow % sumW);
                } else if (count == 8) {
                    k.cells8(taps, off, x, xRow + ow, w, bias, out, outImage + (oh * oW + ow) * cout);
                } else {
                    k.cells8(taps, off, x, xRow + ow, w, bias, tile, 0);
                    System.arraycopy(tile, 0, out, outImage + (oh * oW + ow) * cout, count * cout);
                }
            }
        }
    }

    /**
     * As {@link #store}, but each kept cell is added into its (sumH x sumW) block of out (N, oH/sumH,
     * oW/sumW, cout; outImage its image): tiles come in row-major order, so per channel the cells of
     * a block arrive in the order the upsampling's adjoint adds them.
     */
    private static void storeSummed(float[] tile, int width, int valid, int q, int count, int wp, int oW, float[] out,
                                    int outImage, int cout, int c0, int sumH, int sumW) {
        final int lowW = oW / sumW;
        int oh = q / wp, ow = q - oh * wp;
        for (int j = 0; j < count; oh++, ow = 0) {
            int run = Math.min(count - j, wp - ow); // cells of this tile in plane row oh
            int kept = Math.max(0, Math.min(run, oW - ow));
            int row = outImage + (oh / sumH) * lowW * cout + c0;
            int col = ow / sumW, phase0 = ow - col * sumW;
            for (int gi = 0; gi < valid; gi++) {
                int t = gi * width + j;
                for (int jj = 0, d = row + col * cout + gi, phase = phase0; jj < kept; jj++) {
                    out[d] += tile[t + jj];
                    if (++phase == sumW) {
                        phase = 0;
                        d += cout;
                    }
                }
            }
            j += run;
        }
    }

    /**
     * Transposes a (channels x width) tile into the NHWC output, skipping the discarded cells: one
     * run of kept cells per output row, so the inner loops have no per-cell test.
     */
    private static void store(float[] tile, int width, int valid, int q, int count, int wp, int oW, float[] out,
                              int outImage, int cout, int c0, float[] bias) {
        int oh = q / wp, ow = q - oh * wp;
        for (int j = 0; j < count; oh++, ow = 0) {
            int run = Math.min(count - j, wp - ow); // cells of this tile in plane row oh
            int kept = Math.max(0, Math.min(run, oW - ow));
            int o = outImage + (oh * oW + ow) * cout + c0;
            for (int gi = 0; gi < valid; gi++) {
                float b = bias == null ? 0f : bias[c0 + gi];
                int t = gi * width + j;
                for (int jj = 0, d = o + gi; jj < kept; jj++, d += cout) out[d] = tile[t + jj] + b;
            }
            j += run;
        }
    }

    /**
     * How a source (N, srcH, srcW, cin) lands in an image's cin padded planes of hp x wp: source row 0
     * at plane row padTop, column 0 at padLeft, cropped where outside, zeros around. With (upH, upW)
     * other than (1, 1), src holds the smaller map (N, srcH/upH, srcW/upW, cin) whose
     * nearest-neighbour upsampling is the source: it is read through the factors, never materialised.
     */
    private record Planes(float[] src, int cin, int srcH, int srcW, int upH, int upW, int padTop, int padLeft, int hp, int wp) {
        /** Floats per padded image: the planes, then slack that the last vector tiles may read. */
        int stride(int lanes) {
            return xStride(cin, hp, wp, lanes);
        }

        /** Lays out image n at x[xOff..], zeroing the slack up to xStride. */
        void pad(int n, float[] x, int xOff, int xStride) {
            final int plane = hp * wp;
            final int lo = Math.max(0, padLeft), hi = Math.min(wp, padLeft + srcW); // plane columns holding data
            final int rowLength = srcW / upW * cin, image = n * (srcH / upH) * rowLength;
            int filledFrom = -1; // source row behind the previous plane row, when that row holds data
            for (int r = 0; r < hp; r++) {
                int sr = r - padTop;
                if (sr < 0 || sr >= srcH || lo >= hi) {
                    for (int ch = 0; ch < cin; ch++) Arrays.fill(x, xOff + ch * plane + r * wp, xOff + ch * plane + (r + 1) * wp, 0f);
                    filledFrom = -1;
                    continue;
                }
                int from = sr / upH;
                if (from == filledFrom) { // an upsampled row repeats the row above
                    for (int ch = 0; ch < cin; ch++) {
                        int d = xOff + ch * plane + r * wp;
                        System.arraycopy(x, d - wp, x, d, wp);
                    }
                    continue;
                }
                filledFrom = from;
                int srcRow = image + from * rowLength;
                for (int ch = 0; ch < cin; ch++) {
                    int d = xOff + ch * plane + r * wp;
                    for (int s = 0; s < lo; s++) x[d + s] = 0f;
                    if (upW == 2) {
                        // pairs of equal columns (the common factor): no per-cell test
                        int s = lo, si = srcRow + (lo - padLeft) / 2 * cin + ch;
                        if (((lo - padLeft) & 1) != 0) {
                            x[d + s++] = src[si];
                            si += cin;
                        }
                        for (; s + 1 < hi; s += 2, si += cin) {
                            float v = src[si];
                            x[d + s] = v;
                            x[d + s + 1] = v;
                        }
                        if (s < hi) x[d + s] = src[si];
                    } else if (upW > 1) {
                        int sc = lo - padLeft, col = sc / upW, phase = sc - col * upW;
                        for (int s = lo, si = srcRow + col * cin + ch; s < hi; s++) {
                            x[d + s] = src[si];
                            if (++phase == upW) {
                                phase = 0;
                                si += cin;
                            }
                        }
                    } else if (cin == 1) {
                        System.arraycopy(src, srcRow + (lo - padLeft), x, d + lo, hi - lo);
                    } else {
                        for (int s = lo, si = srcRow + (lo - padLeft) * cin + ch; s < hi; s++, si += cin) x[d + s] = src[si];
                    }
                    for (int s = hi; s < wp; s++) x[d + s] = 0f;
                }
            }
            Arrays.fill(x, xOff + cin * plane, xOff + xStride, 0f);
        }
    }

    // ------------------------------------------------------------------ kernel gradient

    /**
     * gradKernel = the kernel gradient of this geometry for input and gradOut; padded (nullable) holds
     * the padded images a {@link #forward} of this geometry and input left; (upH, upW) as in
     * {@link #forward}: input read through nearest-neighbour upsampling.
     */
    static void kernelGrad(ConvGeometry g, float[] input, int upH, int upW, float[] gradOut, float[] gradKernel, float[] padded) {
        final FlatKernel k = KERNEL;
        final int lanes = k.lanes();
        final int hp0 = g.outH() + (g.kH() - 1) * g.dilationH(), wp0 = g.outW() + (g.kW() - 1) * g.dilationW();
        final Planes planes = new Planes(input, g.inC(), g.inH(), g.inW(), upH, upW, g.padTop(), g.padLeft(), hp0, wp0);
        if (g.outC() == lanes && g.outH() * g.outW() * g.outC() <= BY_FILTER_MAX_FLOATS) {
            kernelGradByFilter(g, planes, gradOut, gradKernel, padded);
            return;
        }
        final int kH = g.kH(), kW = g.kW(), c = g.inC(), f = g.outC(), dh = g.dilationH(), dw = g.dilationW();
        final int oH = g.outH(), oW = g.outW();
        final int hp = oH + (kH - 1) * dh, wp = oW + (kW - 1) * dw, plane = hp * wp;
        final int taps = kH * kW * c, kSize = taps * f;
        final int xStride = xStride(c, hp, wp, lanes);
        final int len = (oH * wp + lanes - 1) / lanes * lanes;
        // tiles of 4 taps x 4 filters, or of 8 taps x 1 filter for a single filter (no padding filters)
        final boolean single = f == 1;
        final int f4 = single ? 1 : (f + 3) / 4 * 4, tapsPerTile = single ? 8 : 4;
        final int gStride = f4 * len;
        final int batch = g.batch();
        final int perGroup = groupSize(batch, GROUP_FLOATS / (xStride + gStride));
        final int groups = (batch + perGroup - 1) / perGroup;
        final int tapTiles = (taps + tapsPerTile - 1) / tapsPerTile;
        final int[] off = tapOffsets(kH, kW, c, plane, wp, dh, dw, tapTiles * tapsPerTile);
        // images per pass over every (tap, filter) tile: their planes stay in L1 between the passes
        final int block = Math.max(1, Math.min(perGroup, L1_FLOATS / (xStride + gStride)));
        final int tiles = single ? tapTiles : tapTiles * (f4 / 4), tileAcc = (single ? 8 : 16) * lanes;
        final float[] partials = groups == 1 ? gradKernel : new float[groups * kSize];
        Parallel.forRange(groups, (g0, g1) -> {
            Buffers b = BUFFERS.get();
            if (padded == null && b.x.length < block * xStride) b.x = new float[block * xStride];
            if (b.g.length < block * gStride) b.g = new float[block * gStride];
            if (b.acc.length < tiles * tileAcc) b.acc = new float[tiles * tileAcc];
            float[] x = padded != null ? padded : b.x, gt = b.g, acc = b.acc;
            for (int grp = g0; grp < g1; grp++) {
                int n0 = grp * perGroup, m = Math.min(batch, n0 + perGroup) - n0;
                Arrays.fill(acc, 0, tiles * tileAcc, 0f);
                for (int i0 = 0; i0 < m; i0 += block) {
                    int mb = Math.min(block, m - i0);
                    int xAt = padded != null ? (n0 + i0) * xStride : 0;
                    for (int i = 0; i < mb; i++) {
                        int n = n0 + i0 + i;
                        if (padded == null) planes.pad(n, x, i * xStride, xStride);
                        flatGradient(gradOut, n, oH, oW, f, f4, wp, len, gt, i * gStride);
                    }
                    for (int t0 = 0, tile = 0; t0 < taps; t0 += tapsPerTile) {
                        if (single) {
                            k.dot8x1(mb, x, xStride, off, t0, xAt, gt, gStride, len, acc, tile++ * tileAcc);
                            continue;
                        }
                        int o0 = xAt + off[t0], o1 = xAt + off[t0 + 1], o2 = xAt + off[t0 + 2], o3 = xAt + off[t0 + 3];
                        for (int f0 = 0; f0 < f; f0 += 4, tile++) {
                            k.dot4x4(mb, x, xStride, o0, o1, o2, o3, gt, gStride, f0 * len, len, len, acc, tile * tileAcc);
                        }
                    }
                }
                int base = grp * kSize;
                for (int t0 = 0, tile = 0; t0 < taps; t0 += tapsPerTile) {
                    int tv = Math.min(tapsPerTile, taps - t0);
                    for (int f0 = 0; f0 < f; f0 += 4, tile++) {
                        int fv = Math.min(4, f - f0);
                        for (int a = 0; a < tv; a++) {
                            for (int bq = 0; bq < fv; bq++) {
                                int l0 = tile * tileAcc + (single ? a : 4 * a + bq) * lanes;
                                float s = acc[l0];
                                for (int l = 1; l < lanes; l++) s += acc[l0 + l];
                                partials[base + (t0 + a) * f + f0 + bq] = s;
                            }
                        }
                    }
                }
            }
        });
        if (groups > 1) sumGroups(partials, groups, kSize, gradKernel);
    }

    /**
     * The kernel gradient when the filters fill exactly one vector (16 with AVX-512): dK[t][0..F) is
     * the sum over cells of x[cell + off(t)] * gradOut[cell][0..F), an outer product that reads the
     * gradient straight from its NHWC rows (no flat copy) and visits only the kept cells. Eight taps
     * per pass; the same image groups and group order as {@link #kernelGrad}.
     */
    private static void kernelGradByFilter(ConvGeometry g, Planes planes, float[] gradOut, float[] gradKernel, float[] padded) {
        final FlatKernel k = KERNEL;
        final int lanes = k.lanes();
        final int kH = g.kH(), kW = g.kW(), c = g.inC(), f = g.outC(), dh = g.dilationH(), dw = g.dilationW();
        final int oH = g.outH(), oW = g.outW();
        final int hp = oH + (kH - 1) * dh, wp = oW + (kW - 1) * dw, plane = hp * wp;
        final int taps = kH * kW * c, kSize = taps * f;
        final int xStride = xStride(c, hp, wp, lanes);
        final int batch = g.batch();
        final int perGroup = groupSize(batch, GROUP_FLOATS / (xStride + oH * oW * f));
        final int groups = (batch + perGroup - 1) / perGroup;
        final int tiles = (taps + 7) / 8;
        final int[] off = tapOffsets(kH, kW, c, plane, wp, dh, dw, tiles * 8);
        final float[] partials = groups == 1 ? gradKernel : new float[groups * kSize];
        Parallel.forRange(groups, (g0, g1) -> {
            Buffers b = BUFFERS.get();
            if (padded == null && b.x.length < xStride) b.x = new float[xStride];
            if (b.acc.length < off.length * lanes) b.acc = new float[off.length * lanes];
            float[] acc = b.acc;
            for (int grp = g0; grp < g1; grp++) {
                int n0 = grp * perGroup, n1 = Math.min(batch, n0 + perGroup);
                Arrays.fill(acc, 0, off.length * lanes, 0f);
                for (int n = n0; n < n1; n++) {
                    float[] x = padded != null ? padded : b.x;
                    int xAt = padded != null ? n * xStride : 0;
                    if (padded == null) planes.pad(n, x, 0, xStride);
                    for (int tile = 0; tile < tiles; tile++) {
                        k.outer8(off, 8 * tile, x, xAt, wp, oH, oW, gradOut, n * oH * oW * f, acc, 8 * tile * lanes);
                    }
                }
                System.arraycopy(acc, 0, partials, grp * kSize, kSize); // acc is [tap][filter] like the kernel
            }
        });
        if (groups > 1) sumGroups(partials, groups, kSize, gradKernel);
    }

    /**
     * Offsets in a padded image (channel planes of hp x wp) of the kernel taps (i, j, ch) in kernel
     * order, for channels input planes; entries past the kernel's taps repeat its last tap.
     */
    private static int[] tapOffsets(int kH, int kW, int channels, int plane, int wp, int dh, int dw, int length) {
        int[] off = new int[length];
        int t = 0;
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                for (int ch = 0; ch < channels; ch++, t++) off[t] = ch * plane + i * dh * wp + j * dw;
            }
        }
        for (; t < length; t++) off[t] = off[t - 1];
        return off;
    }

    /** gradKernel = the groups' partial kernel gradients added in group order (the same sum on any thread count). */
    private static void sumGroups(float[] partials, int groups, int kSize, float[] gradKernel) {
        System.arraycopy(partials, 0, gradKernel, 0, kSize);
        for (int grp = 1; grp < groups; grp++) {
            int o = grp * kSize;
            for (int j = 0; j < kSize; j++) gradKernel[j] += partials[o + j];
        }
    }

    /**
     * Images per group of the kernel gradient: at most {@code cap} (the cache budget), the groups made
     * an even number of nearly equal size so that two (or four) threads get equal shares. Depends on
     * the geometry only, never on the thread count.
     */
    static int groupSize(int batch, int cap) {
        int per = Math.max(1, Math.min(batch, cap));
        int groups = (batch + per - 1) / per;
        if (groups == 1 && batch >= 8) groups = 2;
        if (groups > 1) groups = (groups + 1) / 2 * 2;
        return Math.max(1, (batch + groups - 1) / groups);
    }

    /** Image n of gradOut (N, oH, oW, f) as f4 planes of len floats at gt[at..], cell (oh, ow) at oh*wp + ow, zeros elsewhere. */
    private static void flatGradient(float[] gradOut, int n, int oH, int oW, int f, int f4, int wp, int len, float[] gt, int at) {
        final int image = n * oH * oW * f;
        for (int ff = 0; ff < f; ff++) {
            int plane = at + ff * len;
            // one channel at a time: strided reads, contiguous writes (several times faster than cell by cell)
            for (int oh = 0; oh < oH; oh++) {
                int d = plane + oh * wp;
                for (int ow = 0, src = image + oh * oW * f + ff; ow < oW; ow++, src += f) gt[d + ow] = gradOut[src];
                Arrays.fill(gt, d + oW, d + wp, 0f);
            }
            Arrays.fill(gt, plane + oH * wp, plane + len, 0f);
        }
        Arrays.fill(gt, at + f * len, at + f4 * len, 0f);
    }
}
