package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class Conv2DTest {
    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    /** C000-02: 5x5 binary image, X-shaped 3x3 kernel, stride 1, valid. */
    @Test
    void c000_02_crossCorrelationByHand() {
        float[] image = {
            1, 1, 1, 0, 0,
            0, 1, 1, 1, 0,
            0, 0, 1, 1, 1,
            0, 0, 1, 1, 0,
            0, 1, 1, 0, 0};
        Conv2D conv = new Conv2D(1, 3).useBias(false);
        conv.build(Shape.of(5, 5, 1));
        conv.kernel().assign(new float[] {1, 0, 1, 0, 1, 0, 1, 0, 1});
        Tensor y = conv.apply(Tensor.of(image, 1, 5, 5, 1));
        assertEquals(Shape.of(1, 3, 3, 1), y.shape());
        assertValues(new float[] {4, 3, 4, 2, 4, 3, 2, 3, 4}, y, 1e-6);
    }

    @Test
    void kernelLayoutIsHeightWidthInOut() {
        // 1x1 conv: out_f = sum_c x_c * k[0, 0, c, f] + b_f; x = [1, 2]
        Conv2D conv = new Conv2D(3, 1);
        conv.build(Shape.of(1, 1, 2));
        assertEquals(Shape.of(1, 1, 2, 3), conv.kernel().shape());
        conv.kernel().assign(new float[] {1, 2, 3, 4, 5, 6});
        conv.bias().assign(new float[] {0, 0, -20});
        assertValues(new float[] {9, 12, -5}, conv.apply(Tensor.of(new float[] {1, 2}, 1, 1, 1, 2)), 1e-6);
        Conv2D relu = new Conv2D(3, 1).activation("relu");
        relu.build(Shape.of(1, 1, 2));
        relu.kernel().assign(new float[] {1, 2, 3, 4, 5, 6});
        relu.bias().assign(new float[] {0, 0, -20});
        assertValues(new float[] {9, 12, 0}, relu.apply(Tensor.of(new float[] {1, 2}, 1, 1, 1, 2)), 1e-6);
    }

    @Test
    void outputShapesFollowKerasFormulas() {
        assertEquals(Shape.of(32, 32, 4), new Conv2D(4, 3).padding("same").build(Shape.of(32, 32, 3)));
        assertEquals(Shape.of(3, 3, 4), new Conv2D(4, 3).padding("same").strides(2).build(Shape.of(5, 5, 3)));
        assertEquals(Shape.of(252, 252, 64), new Conv2D(64, 5).build(Shape.of(256, 256, 3)));
        // C004-02: 26x26x26, 5 filters 7x7, stride 3, padding 1 -> 8x8x5, 7*7*26*5 + 5 = 6375 params
        Conv2D c = new Conv2D(5, 7).strides(3).padding(Padding.of(1, 1));
        assertEquals(Shape.of(8, 8, 5), c.build(Shape.of(26, 26, 26)));
        assertEquals(6375, c.countParams());
        // dilation 2: a 3x3 kernel spans 5x5
        assertEquals(Shape.of(1, 1, 1), new Conv2D(1, 3).dilationRate(2).build(Shape.of(5, 5, 1)));
    }

    @Test
    void dilatedKernelByHand() {
        // 3x3 kernel of ones with dilation 2 on 5x5 = sum of the 9 cells at even coordinates
        float[] x = new float[25];
        for (int i = 0; i < 25; i++) x[i] = i;
        Conv2D conv = new Conv2D(1, 3).dilationRate(2).useBias(false);
        conv.build(Shape.of(5, 5, 1));
        conv.kernel().assign(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        assertValues(new float[] {0 + 2 + 4 + 10 + 12 + 14 + 20 + 22 + 24}, conv.apply(Tensor.of(x, 1, 5, 5, 1)), 1e-5);
    }

    @Test
    void shapeErrorsNameTheLayer() {
        new Conv2D(1, 1).name(); // takes "conv2d"
        Conv2D conv = new Conv2D(8, 3);
        conv.apply(Tensor.zeros(1, 28, 28, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.apply(Tensor.zeros(1, 28, 28, 3)));
        assertEquals("conv2d_1: expected input (None, 28, 28, 1), got (None, 28, 28, 3)", e.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).build(Shape.of(28, 28)));
        assertTrue(rank.getMessage().startsWith("conv2d_2: expected input (None, height, width, channels), got (None, 28, 28)"), rank.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 5).build(Shape.of(3, 3, 1)));
        assertTrue(small.getMessage().contains("does not fit input (None, 3, 3, 1)"), small.getMessage());
    }

    @Test
    void gradientsThroughConvWithStridePaddingAndDilation() {
        Conv2D conv = new Conv2D(2, 3).strides(2).padding("same").activation("tanh").seed(3);
        conv.build(Shape.of(5, 5, 2));
        conv.bias().assign(new float[] {0.1f, -0.2f});
        LayerChecks.checkGradients(conv, GradCheck.randomInput(2, 2, 5, 5, 2), 1e-2, 2e-2);
        Conv2D dilated = new Conv2D(1, 2).dilationRate(2).seed(4);
        dilated.build(Shape.of(4, 4, 1));
        LayerChecks.checkGradients(dilated, GradCheck.randomInput(5, 1, 4, 4, 1), 1e-2, 2e-2);
    }
}
