package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class SeparableConv2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void kerasParamCountAndSummaryRow() {
        // Xception block2_sepconv1: SeparableConv2D(128, 3, padding='same', use_bias=False) on 64 channels = 8,768 (keras.applications)
        SeparableConv2D x = new SeparableConv2D(128, 3).padding("same").useBias(false);
        assertEquals(Shape.of(147, 147, 128), x.build(Shape.of(147, 147, 64)));
        assertEquals(3 * 3 * 64 + 64 * 128, x.countParams());
        assertEquals(8768, x.countParams());
        // with bias and depth multiplier 2: k*k*in*dm + in*dm*filters + filters
        SeparableConv2D s = new SeparableConv2D(5, 3).depthMultiplier(2).strides(2);
        assertEquals(Shape.of(4, 4, 5), s.build(Shape.of(9, 9, 3)));
        assertEquals(Shape.of(3, 3, 3, 2), s.depthwiseKernel().shape());
        assertEquals(Shape.of(1, 1, 6, 5), s.pointwiseKernel().shape());
        assertEquals(3 * 3 * 3 * 2 + 3 * 2 * 5 + 5, s.countParams());
        String summary = new Sequential(Input.of(9, 9, 3), new SeparableConv2D(5, 3).depthMultiplier(2).strides(2)).summary();
        // Keras 2 wraps the long type name onto a second line
        assertTrue(summary.contains(" separable_conv2d_2 (Separab  (None, 4, 4, 5)          89        \n leConv2D)"), summary);
    }

    /** Direct loops over the definition: depthwise (channel c, multiplier m -> c*M+m), then 1x1 mixing, bias. */
    @Test
    void matchesDirectLoops() {
        int h = 5, w = 4, c = 2, m = 2, f = 3, k = 3;
        SeparableConv2D s = new SeparableConv2D(f, k).depthMultiplier(m).seed(3);
        s.build(Shape.of(h, w, c));
        s.bias().assign(new float[] {0.1f, -0.2f, 0.3f});
        Tensor x = Tensor.uniform(7, -1, 1, 2, h, w, c);
        float[] dk = s.depthwiseKernel().value().data(), pk = s.pointwiseKernel().value().data(), xs = x.data();
        int oh = h - k + 1, ow = w - k + 1;
        float[] expected = new float[2 * oh * ow * f];
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double[] mid = new double[c * m];
                    for (int ch = 0; ch < c; ch++) {
                        for (int mm = 0; mm < m; mm++) {
                            for (int a = 0; a < k; a++) {
                                for (int b = 0; b < k; b++) {
                                    mid[ch * m + mm] += xs[((n * h + i + a) * w + j + b) * c + ch] * dk[((a * k + b) * c + ch) * m + mm];
                                }
                            }
                        }
                    }
                    for (int o = 0; o < f; o++) {
                        double v = s.bias().value().data()[o];
                        for (int q = 0; q < c * m; q++) v += mid[q] * pk[q * f + o];
                        expected[((n * oh + i) * ow + j) * f + o] = (float) v;
                    }
                }
            }
        }
        LayerChecks.assertValues(expected, s.apply(x), 1e-5);
    }

    @Test
    void gradientCheck() {
        SeparableConv2D s = new SeparableConv2D(3, 3).depthMultiplier(2).padding("same").strides(2).activation("tanh").seed(5);
        LayerChecks.checkGradients(s, GradCheck.randomInput(1, 2, 5, 4, 2), 1e-2, 2e-2);
    }

    @Test
    void saveLoadRoundTrip() {
        PyTorchReference.assertRoundTrip(dir, new SeparableConv2D(4, 3).depthMultiplier(2).padding("same").activation("relu").seed(1),
                GradCheck.randomInput(1, 2, 5, 5, 3));
    }
}
