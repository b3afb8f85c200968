package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.autograd.GradMode;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

class ConvolutionTest {
    private static final double EPS = 1e-2, TOL = 2e-2;

    /** Direct convolution with explicit {top, bottom, left, right} padding (the definition). */
    private static float[] direct(Tensor x, Tensor k, int sh, int sw, int[] pad, int dh, int dw) {
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        int kh = k.dim(0), kw = k.dim(1), f = k.dim(3);
        int oh = (h + pad[0] + pad[1] - dh * (kh - 1) - 1) / sh + 1;
        int ow = (w + pad[2] + pad[3] - dw * (kw - 1) - 1) / sw + 1;
        float[] out = new float[n * oh * ow * f];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int q = 0; q < f; q++) {
                        double s = 0;
                        for (int u = 0; u < kh; u++)
                            for (int v = 0; v < kw; v++) {
                                int ih = i * sh - pad[0] + u * dh, iw = j * sw - pad[2] + v * dw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                for (int ch = 0; ch < c; ch++) s += x.get(b, ih, iw, ch) * k.get(u, v, ch, q);
                            }
                        out[((b * oh + i) * ow + j) * f + q] = (float) s;
                    }
        return out;
    }

    @Test
    void binaryImageWithXKernelValid() {
        float[] image = {
            1, 1, 1, 0, 0,
            0, 1, 1, 1, 0,
            0, 0, 1, 1, 1,
            0, 0, 1, 1, 0,
            0, 1, 1, 0, 0,
        };
        float[] x = {1, 0, 1, 0, 1, 0, 1, 0, 1};
        Tensor out = Tensor.of(image, 1, 5, 5, 1).conv2d(Tensor.of(x, 3, 3, 1, 1), new int[] {1, 1}, Padding.valid(), new int[] {1, 1});
        assertArrayEquals(new int[] {1, 3, 3, 1}, out.shape().dims());
        assertArrayEquals(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, out.data());
    }

    @Test
    void outputShapes() {
        Tensor x = Tensor.zeros(1, 26, 26, 26);
        Tensor k = Tensor.zeros(7, 7, 26, 5);
        assertArrayEquals(new int[] {1, 8, 8, 5}, x.conv2d(k, new int[] {3, 3}, Padding.of(1, 1), new int[] {1, 1}).shape().dims());
        // Keras 'same': ceil(28 / 2) = 14
        assertArrayEquals(new int[] {2, 14, 14, 4},
                Tensor.zeros(2, 28, 28, 1).conv2d(Tensor.zeros(5, 5, 1, 4), new int[] {2, 2}, Padding.same(), null).shape().dims());
        // dilation 2 of 3x3 spans 5
        assertArrayEquals(new int[] {1, 6, 6, 1},
                Tensor.zeros(1, 10, 10, 1).conv2d(Tensor.zeros(3, 3, 1, 1), null, Padding.valid(), new int[] {2}).shape().dims());
    }

    @Test
    void matchesDirectConvolutionForEveryPaddingMode() {
        Tensor x = Tensor.uniform(1, -1, 1, 2, 7, 6, 3);
        Tensor k = Tensor.uniform(2, -1, 1, 3, 3, 3, 4);
        // valid, stride 2x1, dilation 1x2
        assertClose(direct(x, k, 2, 1, new int[] {0, 0, 0, 0}, 1, 2), x.conv2d(k, new int[] {2, 1}, Padding.valid(), new int[] {1, 2}).data());
        // same with stride 2: 7 rows need a total of 2 (1 + 1), 6 columns need 1 (0 top-left, 1 bottom-right as TensorFlow)
        Tensor same = x.conv2d(k, new int[] {2, 2}, Padding.same(), null);
        assertArrayEquals(new int[] {2, 4, 3, 4}, same.shape().dims());
        assertClose(direct(x, k, 2, 2, new int[] {1, 1, 0, 1}, 1, 1), same.data());
        // explicit asymmetric padding with dilation
        assertClose(direct(x, k, 1, 1, new int[] {2, 0, 1, 3}, 2, 1),
                x.conv2d(k, new int[] {1, 1}, Padding.of(2, 0, 1, 3), new int[] {2, 1}).data());
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, "element " + i);
    }

    @Test
    void gradientsValid() {
        GradCheck.assertGradients("conv2d valid", in -> in.get(0).conv2d(in.get(1), new int[] {1, 1}, Padding.valid(), null),
                List.of(GradCheck.randomInput(1, 2, 5, 4, 2), GradCheck.randomInput(2, 3, 2, 2, 3)), EPS, TOL);
    }

    @Test
    void gradientsSameStrideDilation() {
        GradCheck.assertGradients("conv2d same stride 2 dilation 2",
                in -> in.get(0).conv2d(in.get(1), new int[] {2, 2}, Padding.same(), new int[] {2, 2}),
                List.of(GradCheck.randomInput(3, 2, 6, 5, 2), GradCheck.randomInput(4, 2, 3, 2, 2)), EPS, TOL);
    }

    @Test
    void gradientsExplicitAsymmetricPadding() {
        GradCheck.assertGradients("conv2d explicit padding",
                in -> in.get(0).conv2d(in.get(1), new int[] {1, 2}, Padding.of(1, 0, 2, 1), null),
                List.of(GradCheck.randomInput(5, 1, 5, 5, 3), GradCheck.randomInput(6, 3, 3, 3, 2)), EPS, TOL);
    }

    @Test
    void gradientsPointwise() {
        GradCheck.assertGradients("conv2d 1x1", in -> in.get(0).conv2d(in.get(1), null, Padding.valid(), null),
                List.of(GradCheck.randomInput(7, 2, 3, 3, 4), GradCheck.randomInput(8, 1, 1, 4, 3)), EPS, TOL);
    }

    @Test
    void onlyRequestedGradientsAreComputed() {
        Tensor x = GradCheck.randomInput(1, 1, 4, 4, 2);
        Tensor k = GradCheck.randomInput(2, 3, 3, 2, 2).requiresGrad(true);
        x.conv2d(k, null, Padding.same(), null).sum().backward();
        assertNull(x.grad());
        assertNotNull(k.grad());
        // with no input requiring a gradient nothing is recorded
        Tensor y = x.conv2d(k.detach(), null, Padding.same(), null);
        assertTrue(y.isLeaf());
        assertTrue(!y.requiresGrad());
    }

    /** d/dk of the input gradient, and d/dx of the kernel gradient (gradients of gradients). */
    @Test
    void secondOrderGradients() {
        Tensor r = Tensor.uniform(9, -1, 1, 1, 4, 3, 2);
        GradCheck.assertGradients("conv2d input gradient", in -> {
            try (GradMode.Scope s = GradMode.enableGrad()) {
                Tensor out = in.get(0).conv2d(in.get(1), null, Padding.of(1, 0, 0, 1), null);
                Tensor loss = out.mul(out).mul(r).sum();
                return Autograd.grad(loss, List.of(in.get(0)), true).get(0);
            }
        }, List.of(GradCheck.randomInput(10, 1, 4, 4, 2), GradCheck.randomInput(11, 2, 3, 2, 2)), EPS, TOL);
        GradCheck.assertGradients("conv2d kernel gradient", in -> {
            try (GradMode.Scope s = GradMode.enableGrad()) {
                Tensor out = in.get(0).conv2d(in.get(1), null, Padding.of(1, 0, 0, 1), null);
                Tensor loss = out.mul(out).mul(r).sum();
                return Autograd.grad(loss, List.of(in.get(1)), true).get(0);
            }
        }, List.of(GradCheck.randomInput(12, 1, 4, 4, 2), GradCheck.randomInput(13, 2, 3, 2, 2)), EPS, TOL);
    }

    @Test
    void badInputsFailFastWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 28, 28, 1).conv2d(Tensor.zeros(3, 3, 3, 8), null, Padding.valid(), null));
        assertEquals("conv2d: kernel (3, 3, 3, 8) expects 3 input channels, input (2, 28, 28, 1) has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(28, 28, 1).conv2d(Tensor.zeros(3, 3, 1, 8), null, Padding.valid(), null));
        assertTrue(e.getMessage().contains("expected input (batch, height, width, channels), got (28, 28, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 2, 2, 1).conv2d(Tensor.zeros(3, 3, 1, 1), null, Padding.valid(), null));
        assertTrue(e.getMessage().contains("does not fit input (1, 2, 2, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 4, 4, 1).conv2d(Tensor.zeros(3, 3, 1, 1), new int[] {0, 1}, Padding.valid(), null));
        assertTrue(e.getMessage().contains("stride must be positive"), e.getMessage());
    }
}
