package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** ZeroPadding2D and Cropping2D (its inverse). */
class ZeroPadding2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void padAndCropByHand() {
        ZeroPadding2D pad = new ZeroPadding2D(1, 0, 0, 2);
        assertEquals(Shape.of(3, 4, 1), pad.build(Shape.of(2, 2, 1)));
        assertEquals("zero_padding2d", pad.name());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor y = pad.apply(x);
        assertValues(new float[] {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0}, y, 0);
        Cropping2D crop = new Cropping2D(1, 0, 0, 2);
        assertEquals("cropping2d", crop.name());
        assertValues(new float[] {1, 2, 3, 4}, crop.apply(y), 0);
        assertEquals(Shape.of(30, 30, 3), new ZeroPadding2D(1).build(Shape.of(28, 28, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cropping2D(2).name("crop").build(Shape.of(4, 5, 1)));
        assertTrue(e.getMessage().startsWith("crop: cropping (2, 2, 2, 2) leaves nothing of input (None, 4, 5, 1)"), e.getMessage());
    }

    @Test
    void gradientsAndRoundTrip() {
        Tensor x = GradCheck.randomInput(1, 2, 4, 5, 2);
        PyTorchReference.checkInputGradient(new ZeroPadding2D(1, 2), x, 1e-2, 1e-2);
        PyTorchReference.checkInputGradient(new Cropping2D(1, 0, 2, 1), x, 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new ZeroPadding2D(1, 2, 3, 4), x);
        PyTorchReference.assertRoundTrip(dir, new Cropping2D(1, 0, 2, 1), x);
    }
}
