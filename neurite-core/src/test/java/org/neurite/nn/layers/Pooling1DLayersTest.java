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

/** MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D / GlobalMaxPooling1D. */
class Pooling1DLayersTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    // (1, 5, 2): channel 0 = 1, 5, 2, 8, 3; channel 1 = -1, -2, -3, -4, -5
    private static Tensor x() {
        return Tensor.of(new float[] {1, -1, 5, -2, 2, -3, 8, -4, 3, -5}, 1, 5, 2);
    }

    @Test
    void maxAndAveragePoolingByHand() {
        MaxPooling1D max = new MaxPooling1D(2);
        assertEquals(Shape.of(2, 2), max.build(Shape.of(5, 2)));
        assertEquals("max_pooling1d", max.name());
        assertValues(new float[] {5, -1, 8, -3}, max.apply(x()), 0);
        MaxPooling1D same = new MaxPooling1D(2).padding("same");
        assertValues(new float[] {5, -1, 8, -3, 3, -5}, same.apply(x()), 0);
        AveragePooling1D avg = new AveragePooling1D(3, 1);
        assertEquals(Shape.of(3, 2), avg.build(Shape.of(5, 2)));
        assertValues(new float[] {8 / 3f, -2, 5, -3, 13 / 3f, -4}, avg.apply(x()), 1e-6);
        // 'same' leaves the padded cell out of the last average (Keras)
        assertValues(new float[] {3, -1.5f, 5, -3.5f, 3, -5}, new AveragePooling1D(2).padding("same").apply(x()), 1e-6);
    }

    @Test
    void globalPoolingByHand() {
        GlobalAveragePooling1D gap = new GlobalAveragePooling1D();
        assertEquals(Shape.of(2), gap.build(Shape.of(5, 2)));
        assertEquals("global_average_pooling1d", gap.name());
        assertValues(new float[] {19 / 5f, -3}, gap.apply(x()), 1e-6);
        assertValues(new float[] {8, -1}, new GlobalMaxPooling1D().apply(x()), 0);
        assertEquals(Shape.of(1, 2), new GlobalAveragePooling1D().keepDims(true).build(Shape.of(5, 2)));
    }

    @Test
    void gradientsAndRoundTrips() {
        Tensor in = GradCheck.randomInput(1, 2, 7, 3);
        PyTorchReference.checkInputGradient(new AveragePooling1D(3, 2).padding("same"), in, 1e-2, 1e-2);
        PyTorchReference.checkInputGradient(new MaxPooling1D(2), in, 1e-3, 1e-2);
        PyTorchReference.checkInputGradient(new GlobalAveragePooling1D(), in, 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new MaxPooling1D(3, 2).padding("same"), in);
        PyTorchReference.assertRoundTrip(dir, new AveragePooling1D(2), in);
        PyTorchReference.assertRoundTrip(dir, new GlobalAveragePooling1D().keepDims(true), in);
        PyTorchReference.assertRoundTrip(dir, new GlobalMaxPooling1D(), in);
    }
}
