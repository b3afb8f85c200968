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

class AdaptiveAveragePooling2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void overlappingBinsByHand() {
        // 1x5 row [1, 2, 3, 4, 5] to 3 columns: bins [0, 2), [1, 4), [3, 5) -> 1.5, 3, 4.5
        AdaptiveAveragePooling2D p = new AdaptiveAveragePooling2D(1, 3);
        assertEquals(Shape.of(1, 3, 1), p.build(Shape.of(1, 5, 1)));
        assertValues(new float[] {1.5f, 3, 4.5f}, p.apply(Tensor.of(new float[] {1, 2, 3, 4, 5}, 1, 1, 5, 1)), 1e-6);
        // any input size gives the fixed output size
        assertEquals(Shape.of(1, 3, 1), p.build(Shape.of(1, 5, 1)));
        assertEquals(Shape.of(2, 1, 3, 1), p.apply(Tensor.zeros(2, 7, 9, 1)).shape());
    }

    @Test
    void matchesPyTorchAdaptiveAvgPool() {
        PyTorchReference r = PyTorchReference.load("resampling").section("adaptive_avg_3x2");
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        Tensor y = new AdaptiveAveragePooling2D(3, 2).forward(x, true);
        PyTorchReference.assertClose("AdaptiveAveragePooling2D output", PyTorchReference.channelsLast(r.tensor("y")), y, 1e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose("AdaptiveAveragePooling2D input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
    }

    @Test
    void gradientsAndRoundTrip() {
        Tensor x = GradCheck.randomInput(1, 2, 5, 7, 2);
        PyTorchReference.checkInputGradient(new AdaptiveAveragePooling2D(2, 3), x, 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new AdaptiveAveragePooling2D(3), x);
    }
}
