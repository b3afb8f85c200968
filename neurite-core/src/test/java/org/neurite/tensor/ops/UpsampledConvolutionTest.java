package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.autograd.GradCheck.randomInput;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * A convolution whose input is a nearest upsampling reads the small map through the factors
 * (ConvBiasActivation + NearestUpsampling): the same bits as upsampling for real, then convolving,
 * forward and backward, on any thread count.
 */
class UpsampledConvolutionTest {
    private final int threads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    static Stream<Arguments> cases() {
        // batch, h, w, channels, factorH, factorW, kernel, filters, padding
        return Stream.of(
                Arguments.of(3, 7, 7, 16, 2, 2, 3, 1, "same"),    // the exam autoencoder's last layer
                Arguments.of(4, 4, 4, 8, 2, 2, 3, 8, "same"),
                Arguments.of(2, 8, 8, 8, 2, 2, 3, 16, "valid"),   // 16 filters: kernel gradient by filter
                Arguments.of(2, 5, 4, 3, 2, 3, 3, 5, "same"),     // unequal factors, a group of 4 filters
                Arguments.of(1, 6, 5, 4, 3, 2, 3, 9, "same"),     // one image (cells split over threads forward)
                Arguments.of(70, 3, 3, 4, 2, 2, 3, 1, "same"),    // several kernel-gradient groups
                Arguments.of(2, 4, 3, 20, 2, 2, 3, 6, "same"));   // 20 input channels: the input gradient via the adjoint
    }

    private static Padding padding(String p) {
        return p.equals("same") ? Padding.same() : Padding.valid();
    }

    private record Run(float[] y, float[] dx, float[] dk, float[] db) {}

    private static Run run(boolean fused, int threads, int n, int h, int w, int c, int fh, int fw, int k, int f, String pad) {
        Parallel.setThreads(threads);
        Tensor x = randomInput(1, n, h, w, c).requiresGrad(true);
        Tensor kernel = randomInput(2, k, k, c, f).requiresGrad(true);
        Tensor bias = randomInput(3, f).requiresGrad(true);
        Tensor up = fused ? NearestUpsampling.apply(x, fh, fw)
                : Resampling.resample(x, Resampling.nearest(h, fh), Resampling.nearest(w, fw));
        ConvGeometry g = Convolution.geometry("conv2d", up, kernel, new int[] {1}, padding(pad), null);
        if (fused) assertTrue(Conv2dKernel.readsUpsampled(g, fh, fw), "the fused path applies to " + g);
        Tensor y = ConvBiasActivation.apply(g, up, kernel, bias, PointwiseActivation.TANH);
        y.mul(randomInput(4, y.shape().dims())).sum().backward();
        if (fused) assertFalse(up.isComputed(), "the upsampled map was materialised");
        return new Run(y.data(), x.grad().data(), kernel.grad().data(), bias.grad().data());
    }

    @ParameterizedTest(name = "{index}: N={0} {1}x{2}x{3} up {4}x{5} k={6} f={7} {8}")
    @MethodSource("cases")
    void sameBitsAsUpsamplingThenConvolving(int n, int h, int w, int c, int fh, int fw, int k, int f, String pad) {
        Run expected = run(false, 1, n, h, w, c, fh, fw, k, f, pad);
        for (int t : new int[] {1, 2, 3}) {
            Run got = run(true, t, n, h, w, c, fh, fw, k, f, pad);
            assertArrayEquals(expected.y, got.y, "output, threads " + t);
            assertArrayEquals(expected.dx, got.dx, "source gradient, threads " + t);
            assertArrayEquals(expected.dk, got.dk, "kernel gradient, threads " + t);
            assertArrayEquals(expected.db, got.db, "bias gradient, threads " + t);
        }
    }

    @Test
    void theUpsampledMapIsComputedOnlyWhenRead() {
        Tensor x = randomInput(5, 2, 3, 4, 2);
        Tensor up = NearestUpsampling.apply(x, 2, 3);
        assertEquals(List.of(2, 6, 12, 2), List.of(up.dim(0), up.dim(1), up.dim(2), up.dim(3)));
        assertSame(x, NearestUpsampling.of(up).source());
        assertNull(NearestUpsampling.of(x));
        float[] expected = Resampling.resample(x, Resampling.nearest(3, 2), Resampling.nearest(4, 3)).data();
        assertArrayEquals(expected, up.data());
        assertSame(up.data(), up.data(), "computed once");
        assertEquals(x.get(1, 2, 3, 1), up.get(1, 5, 11, 1));
    }

    private static ConvGeometry same(Tensor up, Tensor kernel) {
        return Convolution.geometry("conv2d", up, kernel, new int[] {1}, Padding.same(), null);
    }

    @Test
    void theTapeIsThatOfUpsamplingThenConvolving() {
        Tensor x = randomInput(12, 2, 4, 4, 3).requiresGrad(true);
        Tensor kernel = randomInput(13, 3, 3, 3, 2).requiresGrad(true);
        Tensor up = NearestUpsampling.apply(x, 2, 2);
        Tensor y = ConvBiasActivation.apply(same(up, kernel), up, kernel, null, PointwiseActivation.RELU);
        assertEquals("conv2d_bias_relu", y.node().op());
        assertSame(up, y.node().inputs()[0]);
        assertEquals("resample", up.node().op());
        assertSame(x, up.node().inputs()[0]);
        assertFalse(up.isComputed(), "the convolution read the small map");
    }

    @Test
    void anUpsamplingUnderNoGradPassesNoGradientToItsSource() {
        Tensor x = randomInput(14, 2, 4, 4, 3).requiresGrad(true);
        Tensor kernel = randomInput(15, 3, 3, 3, 4).requiresGrad(true);
        Tensor up;
        try (GradMode.Scope s = GradMode.noGrad()) {
            up = NearestUpsampling.apply(x, 2, 2);
        }
        ConvBiasActivation.apply(same(up, kernel), up, kernel, null, PointwiseActivation.RELU).sum().backward();
        assertNull(x.grad());
        assertNotNull(kernel.grad());
    }

    /** The full gradient with respect to the upsampled map, through the unfused ops. */
    private static float[] upsampledGradientUnfused(Tensor x, Tensor kernel) {
        Tensor up = Resampling.resample(x.detach(), Resampling.nearest(x.dim(1), 2), Resampling.nearest(x.dim(2), 2)).requiresGrad(true);
        ConvBiasActivation.apply(same(up, kernel), up, kernel, null, PointwiseActivation.TANH).sum().backward();
        return up.grad().data();
    }

    @Test
    void anUpsampledLeafRetainedGradOrAutogradGradGetsTheFullGradient() {
        Tensor x = randomInput(16, 2, 4, 4, 3);
        Tensor kernel = randomInput(17, 3, 3, 3, 4);
        float[] expected = upsampledGradientUnfused(x, kernel);

        Tensor leaf = NearestUpsampling.apply(x, 2, 2).requiresGrad(true);
        ConvBiasActivation.apply(same(leaf, kernel), leaf, kernel, null, PointwiseActivation.TANH).sum().backward();
        assertArrayEquals(expected, leaf.grad().data(), "leaf");

        Tensor xg = x.detach().requiresGrad(true);
        Tensor retained = NearestUpsampling.apply(xg, 2, 2).retainGrad();
        ConvBiasActivation.apply(same(retained, kernel), retained, kernel, null, PointwiseActivation.TANH).sum().backward();
        assertArrayEquals(expected, retained.grad().data(), "retainGrad");
        assertNotNull(xg.grad());

        Tensor xa = x.detach().requiresGrad(true);
        Tensor up = NearestUpsampling.apply(xa, 2, 2);
        Tensor y = ConvBiasActivation.apply(same(up, kernel), up, kernel, null, PointwiseActivation.TANH).sum();
        assertArrayEquals(expected, Autograd.grad(y, List.of(up), false).get(0).data(), "Autograd.grad");
    }

    @Test
    void writesToTheComputedUpsampledMapAreWhatTheConvolutionReads() {
        Tensor x = randomInput(18, 1, 3, 3, 2);
        Tensor kernel = randomInput(19, 3, 3, 2, 2);
        Tensor up = NearestUpsampling.apply(x, 2, 2);
        java.util.Arrays.fill(up.data(), 0.5f);
        Tensor plain = Tensor.of(up.toArray(), up.shape());
        float[] expected = ConvBiasActivation.apply(same(plain, kernel), plain, kernel, null, PointwiseActivation.LINEAR).data();
        assertArrayEquals(expected, ConvBiasActivation.apply(same(up, kernel), up, kernel, null, PointwiseActivation.LINEAR).data());
    }

    @Test
    void upsampledTensorStillDifferentiatesWhenReadDirectly() {
        // another consumer of the upsampled map (here a sum) gets the adjoint; the convolution its own route
        Tensor x = randomInput(6, 2, 3, 3, 2).requiresGrad(true);
        Tensor kernel = randomInput(7, 3, 3, 2, 3);
        Tensor up = NearestUpsampling.apply(x, 2, 2);
        ConvGeometry g = Convolution.geometry("conv2d", up, kernel, new int[] {1}, Padding.same(), null);
        ConvBiasActivation.apply(g, up, kernel, null, PointwiseActivation.RELU).sum().add(up.mul(up).sum()).backward();
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor up2 = Resampling.resample(x2, Resampling.nearest(3, 2), Resampling.nearest(3, 2));
        ConvBiasActivation.apply(g, up2, kernel, null, PointwiseActivation.RELU).sum().add(up2.mul(up2).sum()).backward();
        float[] a = x.grad().data(), b = x2.grad().data();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5f * Math.max(1, Math.abs(b[i])), "element " + i);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.assertGradients("conv2d over nearest upsampling", in -> {
            Tensor up = NearestUpsampling.apply(in.get(0), 2, 2);
            ConvGeometry g = Convolution.geometry("conv2d", up, in.get(1), new int[] {1}, Padding.same(), null);
            return ConvBiasActivation.apply(g, up, in.get(1), in.get(2), PointwiseActivation.SIGMOID);
        }, List.of(randomInput(8, 2, 3, 3, 2), randomInput(9, 3, 3, 2, 3), randomInput(10, 3)), 1e-2, 2e-2);
    }

    @Test
    void secondOrderGradientsTakeTheComposedRoute() {
        Tensor x = randomInput(11, 1, 3, 3, 2).requiresGrad(true);
        Tensor kernel = randomInput(12, 3, 3, 2, 2).requiresGrad(true);
        Tensor up = NearestUpsampling.apply(x, 2, 2);
        ConvGeometry g = Convolution.geometry("conv2d", up, kernel, new int[] {1}, Padding.same(), null);
        Tensor y = ConvBiasActivation.apply(g, up, kernel, null, PointwiseActivation.TANH).sum();
        Tensor dx = Autograd.grad(y, List.of(x), true).get(0);
        dx.sum().backward();
        assertNotNull(kernel.grad(), "the gradient of the gradient reaches the kernel");
        Tensor x2 = x.detach().requiresGrad(true);
        Tensor kernel2 = kernel.detach().requiresGrad(true);
        Tensor up2 = Resampling.resample(x2, Resampling.nearest(3, 2), Resampling.nearest(3, 2));
        Tensor y2 = ConvBiasActivation.apply(g, up2, kernel2, null, PointwiseActivation.TANH).sum();
        Tensor dx2 = Autograd.grad(y2, List.of(x2), true).get(0);
        dx2.sum().backward();
        assertArrayEquals(dx2.data(), dx.data());
        assertArrayEquals(kernel2.grad().data(), kernel.grad().data());
        assertTrue(GradMode.isEnabled());
    }
}
