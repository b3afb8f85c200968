package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class Pooling2DLayersTest {
    private static Tensor ramp4x4() {
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) x[i] = i + 1;
        return Tensor.of(x, 1, 4, 4, 1);
    }

    @Test
    void maxAndAverageByHand() {
        assertValues(new float[] {6, 8, 14, 16}, new MaxPooling2D(2).apply(ramp4x4()), 0);
        assertValues(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, new AveragePooling2D(2).apply(ramp4x4()), 1e-6);
        // stride 1: 3x3 maxima of each 2x2 window
        assertValues(new float[] {6, 7, 8, 10, 11, 12, 14, 15, 16}, new MaxPooling2D(2, 1).apply(ramp4x4()), 0);
    }

    @Test
    void shapesFollowKeras() {
        assertEquals(Shape.of(16, 16, 4), new MaxPooling2D(2, 2).build(Shape.of(32, 32, 4)));
        assertEquals(Shape.of(4, 4, 8), new MaxPooling2D(2).padding("same").build(Shape.of(7, 7, 8))); // ceil(7/2)
        assertEquals(Shape.of(3, 3, 8), new MaxPooling2D(2).build(Shape.of(7, 7, 8))); // floor
        assertEquals(Shape.of(124, 124, 128), new MaxPooling2D(2).build(Shape.of(248, 248, 128)));
        assertEquals(0, new MaxPooling2D(2).countParams());
    }

    @Test
    void samePaddingPadValue() {
        float[] minusOnes = new float[9];
        Arrays.fill(minusOnes, -1f);
        Tensor x = Tensor.of(minusOnes, 1, 3, 3, 1);
        // Keras: padded cells never win (-inf) -> every window gives -1
        assertValues(new float[] {-1, -1, -1, -1}, new MaxPooling2D(2).padding("same").apply(x), 0);
        // textbook zero padding: every window that touches the border padding gives 0
        assertValues(new float[] {-1, 0, 0, 0}, new MaxPooling2D(2).padding("same").padValue(0f).apply(x), 0);
        // 'same' average leaves the padded cells out: still -1 everywhere
        assertValues(new float[] {-1, -1, -1, -1}, new AveragePooling2D(2).padding("same").apply(x), 1e-6);
    }

    /** C004-09: 1x1 conv (w = 1,1,1, no bias) + zero-padded 2x2/s2 max-pool + BCE; grad w = (-3, 1, 0). */
    @Test
    void c004_09_convPoolBackprop() {
        float[][][] chw = {{{1, -0.5f}, {2, -2}}, {{-2, 1}, {-1.5f, 1}}, {{1, 0}, {0, 0}}};
        float[] hwc = new float[12];
        for (int c = 0; c < 3; c++) for (int h = 0; h < 2; h++) for (int w = 0; w < 2; w++) hwc[(h * 2 + w) * 3 + c] = chw[c][h][w];
        Tensor x = Tensor.of(hwc, 1, 2, 2, 3);
        Conv2D conv = new Conv2D(1, 1).useBias(false);
        conv.build(Shape.of(2, 2, 3));
        conv.kernel().assign(new float[] {1, 1, 1});
        MaxPooling2D zeroPad = new MaxPooling2D(2).padding(Padding.of(1, 1)).padValue(0f);
        MaxPooling2D infPad = new MaxPooling2D(2).padding(Padding.of(1, 1));
        Tensor convOut = conv.apply(x);
        assertValues(new float[] {0, 0.5f, 0.5f, -1}, convOut, 1e-6);
        assertValues(new float[] {0, 0.5f, 0.5f, -1}, infPad.apply(convOut), 1e-6);
        Tensor pooled = zeroPad.apply(convOut);
        assertValues(new float[] {0, 0.5f, 0.5f, 0}, pooled, 1e-6);
        Tensor target = Tensor.of(new float[] {0, 1, 1, 0}, 1, 2, 2, 1);
        Tensor loss = Tensor.where(target, pooled, pooled.rsub(1f)).log().sum().neg(); // BCE, no 0*log(0)
        assertEquals(2 * Math.log(2), loss.item(), 1e-6);
        loss.backward();
        assertValues(new float[] {-3, 1, 0}, conv.kernel().value().grad(), 1e-6);
    }

    @Test
    void badOptions() {
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2).build(Shape.of(4, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(3).build(Shape.of(2, 2, 1)));
        assertEquals(true, e.getMessage().contains("does not fit"), e.getMessage());
    }
}
