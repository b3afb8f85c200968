package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dKernelTest {
    private static final int DEFAULT_THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(DEFAULT_THREADS);
    }

    // batch, inH, inW, inC, kH, kW, outC, strideH, strideW, padTop, padBottom, padLeft, padRight, dilH, dilW
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(1, 5, 5, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 1, 1),
                Arguments.of(2, 7, 6, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1),
                Arguments.of(3, 9, 8, 2, 3, 2, 5, 2, 3, 0, 0, 0, 0, 1, 1),
                Arguments.of(2, 8, 9, 3, 3, 3, 2, 1, 2, 0, 2, 1, 0, 2, 1),   // asymmetric explicit padding, dilation
                Arguments.of(2, 10, 10, 2, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2),
                Arguments.of(4, 6, 6, 5, 1, 1, 7, 1, 1, 0, 0, 0, 0, 1, 1),   // pointwise: plain gemm path
                Arguments.of(2, 6, 6, 3, 1, 1, 4, 2, 2, 0, 0, 0, 0, 1, 1),   // 1x1 with stride
                Arguments.of(1, 4, 4, 2, 1, 1, 3, 1, 1, 0, 1, 0, 1, 1, 1),   // 1x1 with padding
                Arguments.of(2, 3, 3, 2, 5, 5, 2, 1, 1, 2, 2, 2, 2, 1, 1),   // kernel larger than the input
                Arguments.of(3, 20, 17, 4, 5, 4, 6, 3, 2, 1, 2, 0, 3, 1, 2),
                Arguments.of(8, 24, 24, 3, 3, 3, 8, 1, 1, 1, 1, 1, 1, 1, 1), // many chunks
                Arguments.of(2, 30, 30, 64, 3, 3, 16, 1, 1, 1, 1, 1, 1, 1, 1), // large patches: multi-chunk, sequential kernel grad
                // stride 1, few channels: the direct flat-padded kernels (DirectConv)
                Arguments.of(5, 28, 28, 1, 5, 5, 6, 1, 1, 2, 2, 2, 2, 1, 1),   // LeNet conv1
                Arguments.of(3, 14, 14, 6, 5, 5, 16, 1, 1, 0, 0, 0, 0, 1, 1),  // LeNet conv2 (two groups of 8 filters)
                Arguments.of(3, 11, 13, 5, 3, 3, 12, 1, 1, 1, 1, 1, 1, 1, 1),  // a group of 8 and one of 4 filters
                Arguments.of(2, 9, 10, 3, 3, 2, 5, 1, 1, 0, 2, 1, 0, 2, 1),    // dilation, asymmetric padding
                Arguments.of(2, 6, 7, 2, 3, 3, 3, 1, 1, 3, 1, 0, 4, 1, 1),     // padding wider than the kernel reach
                Arguments.of(1, 40, 37, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1),   // one image: cells split over threads
                Arguments.of(1, 21, 19, 3, 3, 3, 16, 1, 1, 1, 1, 1, 1, 1, 1),  // one image, 16 filters: cell tiles, rows split over threads
                Arguments.of(1, 13, 11, 16, 3, 3, 5, 1, 1, 1, 1, 1, 1, 1, 1),  // one image, 16 input channels: cell tiles for the input gradient
                Arguments.of(70, 8, 8, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1),    // many images: several kernel-gradient groups
                Arguments.of(70, 7, 6, 2, 3, 3, 16, 1, 1, 1, 1, 1, 1, 1, 1),   // 16 filters (one vector): kernel gradient by filter, groups
                Arguments.of(2, 9, 10, 3, 3, 2, 16, 1, 1, 0, 2, 1, 0, 2, 1),   // the same with dilation, asymmetric padding, 18 taps
                Arguments.of(2, 12, 12, 16, 3, 3, 9, 1, 1, 1, 1, 1, 1, 1, 1),  // 16 input channels, 9 filters
                Arguments.of(3, 12, 11, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),  // one filter (an autoencoder's last layer): 1-channel tiles
                Arguments.of(70, 9, 9, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),    // one filter, several kernel-gradient groups
                Arguments.of(2, 10, 9, 1, 3, 2, 9, 1, 1, 0, 2, 1, 0, 2, 1),    // 8 + 1 filters; one input channel: 1-channel input gradient
                Arguments.of(1, 20, 22, 8, 3, 3, 24, 2, 2, 0, 1, 0, 1, 1, 1),   // one image, stride 2 (transposed-conv shape): col2im split by input rows
                Arguments.of(1, 15, 13, 4, 3, 3, 20, 1, 1, 1, 1, 1, 1, 1, 1),   // one image, im2col path, col2im split by input rows
                Arguments.of(3, 12, 12, 3, 1, 1, 16, 1, 1, 0, 0, 0, 0, 1, 1),   // 1x1, 3 -> 16: small A^T B kernel gradient
                Arguments.of(2, 16, 16, 16, 1, 1, 3, 1, 1, 0, 0, 0, 0, 1, 1)    // 1x1, 16 -> 3: narrow product, A read in place
        );
    }

    private static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Direct convolution, double precision: the definition. */
    static double[] naiveForward(ConvGeometry g, float[] x, float[] k, float[] bias) {
        double[] out = new double[g.outputSize()];
        for (int n = 0; n < g.batch(); n++)
            for (int oh = 0; oh < g.outH(); oh++)
                for (int ow = 0; ow < g.outW(); ow++)
                    for (int f = 0; f < g.outC(); f++) {
                        double s = bias == null ? 0 : bias[f];
                        for (int i = 0; i < g.kH(); i++)
                            for (int j = 0; j < g.kW(); j++) {
                                int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
                                int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                                if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                for (int c = 0; c < g.inC(); c++) {
                                    s += (double) x[((n * g.inH() + ih) * g.inW() + iw) * g.inC() + c]
                                            * k[((i * g.kW() + j) * g.inC() + c) * g.outC() + f];
                                }
                            }
                        out[((n * g.outH() + oh) * g.outW() + ow) * g.outC() + f] = s;
                    }
        return out;
    }

    /** Direct gradients of sum(gradOut * conv(x, k)) with respect to x and k. */
    static double[][] naiveBackward(ConvGeometry g, float[] x, float[] k, float[] gy) {
        double[] gx = new double[g.inputSize()], gk = new double[g.kernelSize()];
        for (int n = 0; n < g.batch(); n++)
            for (int oh = 0; oh < g.outH(); oh++)
                for (int ow = 0; ow < g.outW(); ow++)
                    for (int f = 0; f < g.outC(); f++) {
                        double go = gy[((n * g.outH() + oh) * g.outW() + ow) * g.outC() + f];
                        for (int i = 0; i < g.kH(); i++)
                            for (int j = 0; j < g.kW(); j++) {
                                int ih = oh * g.strideH() - g.padTop() + i * g.dilationH();
                                int iw = ow * g.strideW() - g.padLeft() + j * g.dilationW();
                                if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                for (int c = 0; c < g.inC(); c++) {
                                    int xi = ((n * g.inH() + ih) * g.inW() + iw) * g.inC() + c;
                                    int ki = ((i * g.kW() + j) * g.inC() + c) * g.outC() + f;
                                    gx[xi] += go * k[ki];
                                    gk[ki] += go * x[xi];
                                }
                            }
                    }
        return new double[][] {gx, gk};
    }

    private static void assertClose(String what, double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tol * Math.max(1, Math.abs(expected[i]))) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{index}: N={0} {1}x{2}x{3} k={4}x{5}->{6} s={7},{8} pad={9},{10},{11},{12} d={13},{14}")
    @MethodSource("geometries")
    void forwardAndBackwardMatchDirectConvolution(int b, int h, int w, int c, int kh, int kw, int f, int sh, int sw,
                                                 int pt, int pb, int pl, int pr, int dh, int dw) {
        ConvGeometry g = ConvGeometry.of(b, h, w, c, kh, kw, f, sh, sw, pt, pb, pl, pr, dh, dw);
        float[] x = random(1, g.inputSize()), k = random(2, g.kernelSize()), bias = random(3, f);
        float[] gy = random(4, g.outputSize());
        double tol = 1e-4 * Math.sqrt(g.patchSize() + 1);

        float[] out = new float[g.outputSize()];
        Conv2dKernel.forward(g, x, k, bias, out);
        assertClose("forward with bias", naiveForward(g, x, k, bias), out, tol);
        Conv2dKernel.forward(g, x, k, null, out);
        assertClose("forward", naiveForward(g, x, k, null), out, tol);

        double[][] expected = naiveBackward(g, x, k, gy);
        float[] gx = random(5, g.inputSize()); // garbage: must be overwritten
        float[] gk = random(6, g.kernelSize());
        Conv2dKernel.backwardInput(g, gy, k, gx);
        Conv2dKernel.backwardKernel(g, x, gy, gk);
        assertClose("input gradient", expected[0], gx, tol);
        assertClose("kernel gradient", expected[1], gk, 1e-4 * Math.sqrt(b * g.outH() * g.outW() + 1));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("geometries")
    void identicalBitsOnAnyThreadCount(int b, int h, int w, int c, int kh, int kw, int f, int sh, int sw,
                                       int pt, int pb, int pl, int pr, int dh, int dw) {
        ConvGeometry g = ConvGeometry.of(b, h, w, c, kh, kw, f, sh, sw, pt, pb, pl, pr, dh, dw);
        float[] x = random(1, g.inputSize()), k = random(2, g.kernelSize()), gy = random(4, g.outputSize());
        float[][] results = new float[3][];
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            float[] out = new float[g.outputSize()], gx = new float[g.inputSize()], gk = new float[g.kernelSize()];
            Conv2dKernel.forward(g, x, k, null, out);
            Conv2dKernel.backwardInput(g, gy, k, gx);
            Conv2dKernel.backwardKernel(g, x, gy, gk);
            float[] all = new float[out.length + gx.length + gk.length];
            System.arraycopy(out, 0, all, 0, out.length);
            System.arraycopy(gx, 0, all, out.length, gx.length);
            System.arraycopy(gk, 0, all, out.length + gx.length, gk.length);
            results[t - 1] = all;
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(results[0], results[2]);
    }

    @Test
    void longReductionOverManyChunksIsDeterministicAndCorrect() {
        // small kernel (first-layer style) over many positions: the partial-sum path of backwardKernel
        ConvGeometry g = ConvGeometry.of(40, 32, 32, 3, 3, 3, 8, 1, 1, 1, 1, 1, 1, 1, 1);
        assertTrue((g.batch() * g.outH() * g.outW()) / Conv2dKernel.chunkRows(g) > 4);
        float[] x = random(7, g.inputSize()), gy = random(8, g.outputSize());
        float[] gk1 = new float[g.kernelSize()], gk2 = new float[g.kernelSize()];
        Parallel.setThreads(1);
        Conv2dKernel.backwardKernel(g, x, gy, gk1);
        Parallel.setThreads(2);
        Conv2dKernel.backwardKernel(g, x, gy, gk2);
        assertArrayEquals(gk1, gk2);
        double[] expected = naiveBackward(g, x, new float[g.kernelSize()], gy)[1];
        assertClose("kernel gradient", expected, gk1, 1e-3);
    }

    @Test
    void geometryComputesOutputSize() {
        // 26x26x26 input, 5 filters 7x7, stride 3, pad 1: floor((26 + 2 - 7) / 3) + 1 = 8
        ConvGeometry g = ConvGeometry.of(1, 26, 26, 26, 7, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1);
        assertEquals(8, g.outH());
        assertEquals(8, g.outW());
        // dilation 2 of a 3x3 kernel spans 5: 10 - 5 + 1 = 6
        ConvGeometry d = ConvGeometry.of(1, 10, 10, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 2, 2);
        assertEquals(6, d.outH());
    }

    @Test
    void badGeometryAndArraysFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvGeometry.of(1, 3, 3, 1, 5, 5, 1, 1, 1, 0, 0, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(1, 3, 3, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1));
        ConvGeometry g = ConvGeometry.of(1, 4, 4, 2, 3, 3, 2, 1, 1, 0, 0, 0, 0, 1, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dKernel.forward(g, new float[31], new float[g.kernelSize()], null, new float[g.outputSize()]));
        assertTrue(e.getMessage().contains("input array has 31 values"), e.getMessage());
    }
}
