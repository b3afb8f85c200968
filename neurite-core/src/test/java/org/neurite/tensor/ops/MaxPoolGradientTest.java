package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.neurite.autograd.GradCheck.randomInput;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.kernel.ConvGeometry;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * conv + bias + activation followed by max pooling: the activation's backward takes the pooling
 * gradient through the pooled map (MaxPoolGradient) and gives the gradients of the separate ops.
 */
class MaxPoolGradientTest {
    static Stream<Arguments> cases() {
        // height, width, channels, pool, stride, pooling padding, activation
        return Stream.of(
                Arguments.of(8, 8, 16, 2, 2, "valid", PointwiseActivation.RELU),
                Arguments.of(7, 9, 8, 2, 2, "same", PointwiseActivation.RELU),      // odd sizes: windows cut by the border
                Arguments.of(9, 9, 5, 3, 3, "valid", PointwiseActivation.SIGMOID),
                Arguments.of(6, 7, 3, 2, 2, "valid", PointwiseActivation.TANH),     // a row and a column outside every window
                Arguments.of(7, 7, 4, 3, 2, "valid", PointwiseActivation.RELU),     // overlapping windows: not fused
                Arguments.of(6, 6, 4, 2, 2, "same", PointwiseActivation.LINEAR));
    }

    private record Grads(float[] dx, float[] dk, float[] db) {}

    /** Gradients through conv(act) -> [identity] -> max pool; the identity (times 1) keeps the ops apart. */
    private static Grads grads(boolean apart, int h, int w, int c, int pool, int stride, String pad, PointwiseActivation act) {
        Tensor x = randomInput(1, 3, h, w, 2).requiresGrad(true);
        Tensor k = randomInput(2, 3, 3, 2, c).requiresGrad(true);
        Tensor b = randomInput(3, c).requiresGrad(true);
        ConvGeometry g = Convolution.geometry("conv2d", x, k, new int[] {1}, Padding.same(), null);
        Tensor y = ConvBiasActivation.apply(g, x, k, b, act);
        if (apart) y = y.mul(1f);
        Tensor p = Pooling.maxPool2d(y, new int[] {pool}, new int[] {stride}, pad.equals("same") ? Padding.same() : Padding.valid());
        p.mul(randomInput(4, p.shape().dims())).sum().backward();
        return new Grads(x.grad().data(), k.grad().data(), b.grad().data());
    }

    @ParameterizedTest(name = "{index}: {0}x{1}x{2} pool {3} stride {4} {5} {6}")
    @MethodSource("cases")
    void sameGradientsAsTheSeparateOps(int h, int w, int c, int pool, int stride, String pad, PointwiseActivation act) {
        Grads apart = grads(true, h, w, c, pool, stride, pad, act);
        Grads fused = grads(false, h, w, c, pool, stride, pad, act);
        assertArrayEquals(apart.dx, fused.dx, "input gradient");
        assertArrayEquals(apart.dk, fused.dk, "kernel gradient");
        // the bias gradient sums the same values in another grouping (the pooled cells only)
        for (int i = 0; i < c; i++) assertEquals(apart.db[i], fused.db[i], 1e-5 * Math.max(1, Math.abs(apart.db[i])), "bias gradient " + i);
    }

    @Test
    void paddedMaximaDropTheirGradient() {
        // pad value 0 above all-negative inputs: some maxima are padded cells, whose gradient goes nowhere
        Tensor x = Tensor.uniform(5, -2, -1, 1, 5, 5, 1).requiresGrad(true);
        Tensor k = Tensor.ones(1, 1, 1, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(2).requiresGrad(true);
        ConvGeometry g = Convolution.geometry("conv2d", x, k, new int[] {1}, Padding.valid(), null);
        Tensor y = ConvBiasActivation.apply(g, x, k, b, PointwiseActivation.LINEAR);
        Pooling.maxPool2d(y, new int[] {2}, new int[] {2}, Padding.same().withPadValue(0)).sum().backward();
        Tensor x2 = x.detach().requiresGrad(true), k2 = k.detach().requiresGrad(true), b2 = b.detach().requiresGrad(true);
        Tensor y2 = ConvBiasActivation.apply(g, x2, k2, b2, PointwiseActivation.LINEAR).mul(1f);
        Pooling.maxPool2d(y2, new int[] {2}, new int[] {2}, Padding.same().withPadValue(0)).sum().backward();
        assertArrayEquals(b2.grad().data(), b.grad().data());
        assertArrayEquals(x2.grad().data(), x.grad().data());
    }

    @Test
    void theGradientReadsAsTheScatterWhenMaterialised() {
        Tensor x = randomInput(6, 2, 6, 6, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        y.retainGrad();
        Tensor p = Pooling.maxPool2d(y, new int[] {2}, null, Padding.valid());
        p.sum().backward();
        assertNotNull(y.grad());
        float[] d = y.grad().data();
        int ones = 0;
        for (float v : d) ones += v == 1f ? 1 : 0;
        assertEquals(p.size(), ones, "one cell per window gets the gradient");
        assertArrayEquals(d, scaled(x.grad().data(), 0.5f), "x gets twice y's gradient");
    }

    private static float[] scaled(float[] a, float s) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] * s;
        return r;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.assertGradients("conv relu max pool", in -> {
            ConvGeometry g = Convolution.geometry("conv2d", in.get(0), in.get(1), new int[] {1}, Padding.same(), null);
            Tensor y = ConvBiasActivation.apply(g, in.get(0), in.get(1), in.get(2), PointwiseActivation.TANH);
            return Pooling.maxPool2d(y, new int[] {2}, null, Padding.valid());
        }, List.of(randomInput(7, 2, 4, 4, 2), randomInput(8, 3, 3, 2, 3), randomInput(9, 3)), 1e-2, 2e-2);
    }

    @Test
    void secondOrderGradientsStillWork() {
        Tensor x = randomInput(10, 1, 4, 4, 1).requiresGrad(true);
        Tensor k = randomInput(11, 3, 3, 1, 2).requiresGrad(true);
        ConvGeometry g = Convolution.geometry("conv2d", x, k, new int[] {1}, Padding.same(), null);
        Tensor p = Pooling.maxPool2d(ConvBiasActivation.apply(g, x, k, null, PointwiseActivation.TANH), new int[] {2}, null, Padding.valid());
        Tensor dx = Autograd.grad(p.sum(), List.of(x), true).get(0);
        dx.square().sum().backward();
        assertNotNull(k.grad());
    }
}
