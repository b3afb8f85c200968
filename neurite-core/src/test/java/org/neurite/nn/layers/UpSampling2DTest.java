package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class UpSampling2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void nearestRepeatsRowsAndColumnsByHand() {
        UpSampling2D up = new UpSampling2D(2);
        assertEquals(Shape.of(8, 8, 8), up.build(Shape.of(4, 4, 8)));
        assertEquals("up_sampling2d", up.name());
        assertEquals(0, up.countParams());
        assertValues(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                new UpSampling2D(2).apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1)), 0);
    }

    @Test
    void bilinearHalfPixelByHand() {
        // [0, 4] upsampled x2 along W: positions (j + 0.5)/2 - 0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped to the last)
        Tensor y = new UpSampling2D(1, 2).interpolation("bilinear").apply(Tensor.of(new float[] {0, 4}, 1, 1, 2, 1));
        assertValues(new float[] {0, 1, 3, 4}, y, 1e-6);
    }

    private static void compare(String key, Layer layer) {
        PyTorchReference r = PyTorchReference.load("resampling").section(key);
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        Tensor y = layer.forward(x, true);
        PyTorchReference.assertClose(key + " output", PyTorchReference.channelsLast(r.tensor("y")), y, 1e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose(key + " input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
    }

    @Test
    void matchesPyTorchInterpolate() {
        compare("nearest_2x3", new UpSampling2D(2, 3));
        compare("bilinear_2x3", new UpSampling2D(2, 3).interpolation("bilinear"));
    }

    @Test
    void gradientsAndRoundTrip() {
        Tensor x = GradCheck.randomInput(1, 2, 3, 2, 2);
        PyTorchReference.checkInputGradient(new UpSampling2D(2), x, 1e-2, 1e-2);
        PyTorchReference.checkInputGradient(new UpSampling2D(3, 2).interpolation("bilinear"), x, 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new UpSampling2D(2, 3).interpolation("bilinear"), x);
    }
}
