package org.neurite.kernel;

import java.util.Arrays;

/**
 * 2-d convolution (cross-correlation) with zero padding, stride and dilation, channels-last.
 * Input (N, H, W, C), kernel (KH, KW, C, F) as Keras stores it, output (N, OH, OW, F).
 *
 * <p>Stride-1 layers with few output channels (at most {@link DirectConv#MAX_CHANNELS}) use the
 * direct flat-padded kernels of {@link DirectConv} when the SIMD module is available. Otherwise
 * all three passes are im2col + {@link Gemm} with the kernel seen as a (KH*KW*C) x F matrix.
 * Patches are packed for a bounded number of output rows at a time (a chunk), never for the whole
 * batch. Chunk sizes depend only on the geometry, and every output element is summed in a fixed
 * order, so results are bit-identical for any thread count.
 *
 * <p>Every method overwrites its output array.
 */
public final class Conv2dKernel {
    /** Target number of floats in one chunk of patches (1 MB; more for very large patches, see chunkRows). */
    private static final int CHUNK_FLOATS = 1 << 18;
    /** backwardKernel sums per-chunk partial products when the kernel is at most this large. */
    private static final int SMALL_KERNEL = 1 << 16;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private Conv2dKernel() {}

    /** An in-place pass over a finished range of the output (an activation), run while it is in cache. */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] out, int from, int to);
    }

    /** out = conv(input, kernel) + bias; bias (F) may be null. */
    public static void forward(ConvGeometry g, float[] input, float[] kernel, float[] bias, float[] out) {
        forward(g, input, kernel, bias, out, null, null);
    }

    /**
     * Size of the array {@link #forward(ConvGeometry, float[], float[], float[], float[], float[])} can
     * fill with the padded input for {@link #backwardKernel(ConvGeometry, float[], float[], float[], float[])}
     * of the same geometry and input (saves padding the input a second time), or 0 when this
     * geometry has no use for one.
     */
    public static int paddedInputSize(ConvGeometry g) {
        if (g.isPointwise() || !DirectConv.forwardApplies(g) || !DirectConv.kernelGradApplies(g)) return 0;
        long size = DirectConv.paddedSize(g);
        return size <= (1 << 26) ? (int) size : 0;
    }

    /**
     * As forward; {@code padded} (nullable, {@link #paddedInputSize} floats) keeps the padded input,
     * and {@code epilogue} (nullable) then runs over every part of the output, each once, as soon as
     * that part is final.
     */
    public static void forward(ConvGeometry g, float[] input, float[] kernel, float[] bias, float[] out, float[] padded,
                               Epilogue epilogue) {
        check(g, "input", input, g.inputSize());
        check(g, "kernel", kernel, g.kernelSize());
        check(g, "output", out, g.outputSize());
        if (bias != null) check(g, "bias", bias, g.outC());
        final int rows = g.batch() * g.outH() * g.outW();
        final int p = g.patchSize(), f = g.outC();
        if (rows == 0) return;
        if (!g.isPointwise() && DirectConv.forwardApplies(g)) {
            DirectConv.forward(g, input, kernel, bias, out, usablePlanes(g, padded), epilogue);
            return;
        }
        if (g.isPointwise()) {
            if (bias != null) fillRows(out, 0, rows, bias);
            Gemm.sgemm(false, false, rows, f, p, input, 0, p, kernel, 0, f, out, 0, f, bias != null);
            if (epilogue != null) Parallel.forRange(rows, (r0, r1) -> epilogue.apply(out, r0 * f, r1 * f));
            return;
        }
        final int chunk = chunkRows(g);
        int chunks = (rows + chunk - 1) / chunk;
        Parallel.forRange(chunks, (c0, c1) -> {
            float[] patches = scratch(chunk * p);
            for (int c = c0; c < c1; c++) {
                int r0 = c * chunk, r1 = Math.min(rows, r0 + chunk);
                im2col(g, input, r0, r1, patches);
                if (bias != null) fillRows(out, r0 * f, r1 - r0, bias);
                Gemm.sgemm(false, false, r1 - r0, f, p, patches, 0, p, kernel, 0, f, out, r0 * f, f, bias != null);
                if (epilogue != null) epilogue.apply(out, r0 * f, r1 * f);
            }
        });
    }

    // ------------------------------------------------------------------ input through nearest upsampling

    /**
     * Whether {@link #forwardUpsampled} and {@link #backwardKernelUpsampled} apply: the input of g is
     * the nearest-neighbour upsampling by (upH, upW) of a smaller map, which the direct path reads
     * through the factors, so the upsampled map is never materialised (the upsampling layer before a
     * decoder's convolution).
     */
    public static boolean readsUpsampled(ConvGeometry g, int upH, int upW) {
        return upH > 0 && upW > 0 && g.inH() % upH == 0 && g.inW() % upW == 0 && !g.isPointwise()
                && DirectConv.forwardApplies(g) && DirectConv.kernelGradApplies(g);
    }

    /** Whether {@link #backwardInputUpsampled} applies (the direct input gradient; at most 16 input channels). */
    public static boolean sumsUpsampledGradient(ConvGeometry g, int upH, int upW) {
        return readsUpsampled(g, upH, upW) && DirectConv.inputGradApplies(g);
    }

    /** {@link #forward(ConvGeometry, float[], float[], float[], float[], float[], Epilogue)} of the input upsample(source, upH, upW). */
    public static void forwardUpsampled(ConvGeometry g, float[] source, int upH, int upW, float[] kernel, float[] bias, float[] out,
                                        float[] padded, Epilogue epilogue) {
        if (!readsUpsampled(g, upH, upW)) throw cannot(g, upH, upW, "readsUpsampled");
        check(g, "source", source, g.inputSize() / (upH * upW));
        check(g, "kernel", kernel, g.kernelSize());
        check(g, "output", out, g.outputSize());
        if (bias != null) check(g, "bias", bias, g.outC());
        if (g.batch() == 0) return;
        DirectConv.forward(g, source, upH, upW, kernel, bias, out, usablePlanes(g, padded), epilogue);
    }

    /**
     * The gradient with respect to the source of an input upsample(source, upH, upW): the input
     * gradient followed by the upsampling's adjoint, with the same bits, in one pass.
     */
    public static void backwardInputUpsampled(ConvGeometry g, float[] gradOut, float[] kernel, float[] gradSource, int upH, int upW) {
        if (!sumsUpsampledGradient(g, upH, upW)) throw cannot(g, upH, upW, "sumsUpsampledGradient");
        check(g, "output gradient", gradOut, g.outputSize());
        check(g, "kernel", kernel, g.kernelSize());
        check(g, "source gradient", gradSource, g.inputSize() / (upH * upW));
        Arrays.fill(gradSource, 0, g.inputSize() / (upH * upW), 0f); // the blocks are sums
        if (g.batch() == 0) return;
        DirectConv.inputGrad(g, gradOut, kernel, gradSource, upH, upW);
    }

    /** {@link #backwardKernel(ConvGeometry, float[], float[], float[], float[])} of the input upsample(source, upH, upW). */
    public static void backwardKernelUpsampled(ConvGeometry g, float[] source, int upH, int upW, float[] gradOut, float[] gradKernel,
                                               float[] padded) {
        if (!readsUpsampled(g, upH, upW)) throw cannot(g, upH, upW, "readsUpsampled");
        check(g, "source", source, g.inputSize() / (upH * upW));
        check(g, "output gradient", gradOut, g.outputSize());
        check(g, "kernel gradient", gradKernel, g.kernelSize());
        if (g.batch() == 0) {
            Arrays.fill(gradKernel, 0, g.kernelSize(), 0f);
            return;
        }
        DirectConv.kernelGrad(g, source, upH, upW, gradOut, gradKernel, usablePlanes(g, padded));
    }

    /** padded when this geometry keeps padded planes and it can hold them ({@link #paddedInputSize}), else null. */
    private static float[] usablePlanes(ConvGeometry g, float[] padded) {
        int need = paddedInputSize(g);
        return need > 0 && padded != null && padded.length >= need ? padded : null;
    }

    private static IllegalArgumentException cannot(ConvGeometry g, int upH, int upW, String check) {
        return new IllegalArgumentException("conv2d: the direct path cannot read the input of " + g + " through nearest upsampling by "
                + upH + "x" + upW + " (check " + check + " first)");
    }

    /** gradInput = d(sum gradOut * conv(input, kernel)) / d input: gradOut x kernel^T, scattered back (col2im). */
    public static void backwardInput(ConvGeometry g, float[] gradOut, float[] kernel, float[] gradInput) {
        check(g, "output gradient", gradOut, g.outputSize());
        check(g, "kernel", kernel, g.kernelSize());
        check(g, "input gradient", gradInput, g.inputSize());
        final int p = g.patchSize(), f = g.outC();
        final int perImage = g.outH() * g.outW();
        if (g.batch() == 0) return;
        if (!g.isPointwise() && DirectConv.inputGradApplies(g)) {
            DirectConv.inputGrad(g, gradOut, kernel, gradInput);
            return;
        }
        if (g.isPointwise()) {
            int rows = g.batch() * perImage;
            Gemm.sgemm(false, true, rows, p, f, gradOut, 0, f, kernel, 0, f, gradInput, 0, p, false);
            return;
        }
        final int imageSize = g.inH() * g.inW() * g.inC();
        // Images own disjoint parts of gradInput, so work is split between threads by whole images:
        // a task is a group of small images, or one large image cut into chunks of rows. Within an
        // image, rows are scattered in increasing order, so every element is summed in the same
        // order whichever thread runs it.
        final int rowsPerChunk = chunkRows(g);
        final int imagesPerTask = Math.max(1, rowsPerChunk / perImage);
        final int tasks = (g.batch() + imagesPerTask - 1) / imagesPerTask;
        final int chunk = Math.min(rowsPerChunk, imagesPerTask * perImage);
        final boolean rowSplit = imagesPerTask == 1 && tasks < Parallel.threads() && !Parallel.inParallelRegion() && g.inH() > 1;
        Parallel.forRange(tasks, (t0, t1) -> {
            float[] cols = scratch(chunk * p);
            for (int t = t0; t < t1; t++) {
                int n0 = t * imagesPerTask, n1 = Math.min(g.batch(), n0 + imagesPerTask);
                Arrays.fill(gradInput, n0 * imageSize, n1 * imageSize, 0f);
                int rEnd = n1 * perImage;
                for (int r0 = n0 * perImage; r0 < rEnd; r0 += chunk) {
                    int r1 = Math.min(rEnd, r0 + chunk);
                    Gemm.sgemm(false, true, r1 - r0, p, f, gradOut, r0 * f, f, kernel, 0, f, cols, 0, p, false);
                    if (rowSplit) {
                        // fewer images than threads (inference): split the input rows instead
                        final int ra = r0, rb = r1;
                        Parallel.forRange(g.inH(), (h0, h1) -> col2imAdd(g, cols, ra, rb, gradInput, h0, h1));
                    } else {
                        col2imAdd(g, cols, r0, r1, gradInput);
                    }
                }
            }
        });
    }

    /** gradKernel = d(sum gradOut * conv(input, kernel)) / d kernel: patches^T x gradOut. */
    public static void backwardKernel(ConvGeometry g, float[] input, float[] gradOut, float[] gradKernel) {
        backwardKernel(g, input, gradOut, gradKernel, null);
    }

    /** As backwardKernel; {@code padded} (nullable) as left by a forward of the same geometry and input. */
    public static void backwardKernel(ConvGeometry g, float[] input, float[] gradOut, float[] gradKernel, float[] padded) {
        check(g, "input", input, g.inputSize());
        check(g, "output gradient", gradOut, g.outputSize());
        check(g, "kernel gradient", gradKernel, g.kernelSize());
        final int rows = g.batch() * g.outH() * g.outW();
        final int p = g.patchSize(), f = g.outC();
        final int kSize = p * f;
        if (rows > 0 && !g.isPointwise() && DirectConv.kernelGradApplies(g)) {
            DirectConv.kernelGrad(g, input, 1, 1, gradOut, gradKernel, usablePlanes(g, padded));
            return;
        }
        Arrays.fill(gradKernel, 0, kSize, 0f);
        if (rows == 0) return;
        final boolean pointwise = g.isPointwise();
        final int chunk = chunkRows(g);
        final int chunks = (rows + chunk - 1) / chunk;
        if (kSize > SMALL_KERNEL || chunks == 1) {
            // A large kernel gradient gives Gemm enough output elements to split over threads:
            // accumulate chunk after chunk into it.
            float[] patches = pointwise ? null : scratch(chunk * p);
            for (int c = 0; c < chunks; c++) {
                int r0 = c * chunk, r1 = Math.min(rows, r0 + chunk);
                if (pointwise) {
                    Gemm.sgemm(true, false, p, f, r1 - r0, input, r0 * p, p, gradOut, r0 * f, f, gradKernel, 0, f, true);
                } else {
                    im2col(g, input, r0, r1, patches);
                    Gemm.sgemm(true, false, p, f, r1 - r0, patches, 0, p, gradOut, r0 * f, f, gradKernel, 0, f, true);
                }
            }
            return;
        }
        // A small kernel gradient (e.g. a first layer) is a long reduction over batch*positions:
        // compute a wave of chunk partial products in parallel, then add them in chunk order.
        final int wave = Math.max(2, 2 * Parallel.threads());
        float[] partials = new float[Math.min(wave, chunks) * kSize];
        for (int w0 = 0; w0 < chunks; w0 += wave) {
            final int base = w0;
            final int w1 = Math.min(chunks, w0 + wave);
            Parallel.forRange(w1 - w0, (i0, i1) -> {
                float[] patches = pointwise ? null : scratch(chunk * p);
                for (int i = i0; i < i1; i++) {
                    int c = base + i;
                    int r0 = c * chunk, r1 = Math.min(rows, r0 + chunk);
                    if (pointwise) {
                        Gemm.sgemm(true, false, p, f, r1 - r0, input, r0 * p, p, gradOut, r0 * f, f, partials, i * kSize, f, false);
                    } else {
                        im2col(g, input, r0, r1, patches);
                        Gemm.sgemm(true, false, p, f, r1 - r0, patches, 0, p, gradOut, r0 * f, f, partials, i * kSize, f, false);
                    }
                }
            });
            for (int i = 0; i < w1 - w0; i++) {
                int off = i * kSize;
                for (int j = 0; j < kSize; j++) gradKernel[j] += partials[off + j];
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Output rows per chunk: about CHUNK_FLOATS floats of patches, but at least 256 rows so that
     * packing the kernel matrix (once per chunk) stays small next to the multiply, and at most 4096.
     */
    static int chunkRows(ConvGeometry g) {
        return Math.max(256, Math.min(4096, CHUNK_FLOATS / g.patchSize()));
    }

    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    private static void fillRows(float[] out, int off, int rows, float[] bias) {
        int f = bias.length;
        for (int r = 0; r < rows; r++) System.arraycopy(bias, 0, out, off + r * f, f);
    }

    /**
     * Packs the patches of output rows [r0, r1) (row = (n*OH + oh)*OW + ow) into {@code patches},
     * one row of KH*KW*C values per output position, zeros where the window leaves the input.
     */
    static void im2col(ConvGeometry g, float[] input, int r0, int r1, float[] patches) {
        walkPatches(g, input, r0, r1, patches, true, 0, g.inH());
    }

    /** The adjoint of {@link #im2col}: adds each patch value of rows [r0, r1) back to its input cell. */
    static void col2imAdd(ConvGeometry g, float[] cols, int r0, int r1, float[] gradInput) {
        col2imAdd(g, cols, r0, r1, gradInput, 0, g.inH());
    }

    /**
     * col2imAdd restricted to the input rows [ihLo, ihHi): every cell still receives its values in
     * increasing output-row order, so splitting the input rows between threads gives the same bits.
     */
    static void col2imAdd(ConvGeometry g, float[] cols, int r0, int r1, float[] gradInput, int ihLo, int ihHi) {
        walkPatches(g, gradInput, r0, r1, cols, false, ihLo, ihHi);
    }

    /**
     * Visits the patch values of output rows [r0, r1) in {@link #im2col} order with their input
     * cells. {@code gather}: copies each input value into {@code patches} (zeros for cells outside
     * the input); otherwise adds each patch value to its input cell (those outside are dropped).
     * Only input rows [ihLo, ihHi) are visited (gather needs all of them: 0, inH).
     */
    private static void walkPatches(ConvGeometry g, float[] image, int r0, int r1, float[] patches, boolean gather, int ihLo, int ihHi) {
        final int inH = g.inH(), inW = g.inW(), c = g.inC(), kH = g.kH(), kW = g.kW();
        final int outW = g.outW(), perImage = g.outH() * outW;
        final int sh = g.strideH(), sw = g.strideW(), dh = g.dilationH(), dw = g.dilationW();
        final int pt = g.padTop(), pl = g.padLeft();
        final int rowStride = inW * c, imageSize = inH * rowStride;
        int p = 0;
        for (int r = r0; r < r1; r++) {
            int n = r / perImage, q = r - n * perImage;
            int oh = q / outW, ow = q - oh * outW;
            int ih0 = oh * sh - pt, iw0 = ow * sw - pl;
            int img = n * imageSize;
            for (int i = 0; i < kH; i++) {
                int ih = ih0 + i * dh;
                if (ih < ihLo || ih >= ihHi) {
                    if (gather) Arrays.fill(patches, p, p + kW * c, 0f);
                    p += kW * c;
                    continue;
                }
                int rowBase = img + ih * rowStride;
                if (dw == 1 && iw0 >= 0 && iw0 + kW <= inW) { // the whole kernel row inside: one run
                    copyOrAdd(image, rowBase + iw0 * c, patches, p, kW * c, gather);
                    p += kW * c;
                    continue;
                }
                for (int j = 0; j < kW; j++, p += c) {
                    int iw = iw0 + j * dw;
                    if (iw >= 0 && iw < inW) {
                        copyOrAdd(image, rowBase + iw * c, patches, p, c, gather);
                    } else if (gather) {
                        Arrays.fill(patches, p, p + c, 0f);
                    }
                }
            }
        }
    }

    /** {@code gather}: patches[p, p+len) = image[d, d+len); else image[d, d+len) += patches[p, p+len). */
    private static void copyOrAdd(float[] image, int d, float[] patches, int p, int len, boolean gather) {
        if (gather) {
            System.arraycopy(image, d, patches, p, len);
        } else {
            Pointwise.addTo(image, d, patches, p, len);
        }
    }

    private static void check(ConvGeometry g, String what, float[] a, int need) {
        if (a == null) throw new IllegalArgumentException("conv2d: " + what + " array is null");
        if (a.length < need) {
            throw new IllegalArgumentException("conv2d: " + what + " array has " + a.length + " values, geometry " + g + " needs " + need);
        }
    }
}
