package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** GlobalAveragePooling2D and GlobalMaxPooling2D. */
class GlobalPooling2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void averageAndMaxByHand() {
        // (1, 2, 2, 2): channel 0 = 1, 2, 3, 6; channel 1 = -1, -2, -3, -4
        Tensor x = Tensor.of(new float[] {1, -1, 2, -2, 3, -3, 6, -4}, 1, 2, 2, 2);
        GlobalAveragePooling2D gap = new GlobalAveragePooling2D();
        assertEquals(Shape.of(2), gap.build(Shape.of(2, 2, 2)));
        assertEquals("global_average_pooling2d", gap.name());
        assertValues(new float[] {3, -2.5f}, gap.apply(x), 1e-6);
        GlobalMaxPooling2D gmp = new GlobalMaxPooling2D();
        assertValues(new float[] {6, -1}, gmp.apply(x), 0);
        assertEquals("global_max_pooling2d", gmp.name());
        assertEquals(Shape.of(1, 1, 2), new GlobalMaxPooling2D().keepDims(true).build(Shape.of(2, 2, 2)));
    }

    @Test
    void gradientsAndRoundTrip() {
        Tensor x = GradCheck.randomInput(1, 2, 3, 4, 2);
        PyTorchReference.checkInputGradient(new GlobalAveragePooling2D(), x, 1e-2, 1e-2);
        PyTorchReference.checkInputGradient(new GlobalMaxPooling2D(), x, 1e-3, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new GlobalAveragePooling2D().keepDims(true), x);
        PyTorchReference.assertRoundTrip(dir, new GlobalMaxPooling2D(), x);
    }
}
