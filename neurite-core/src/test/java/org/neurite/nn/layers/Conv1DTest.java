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

class Conv1DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void shapesAndKerasParamCount() {
        Conv1D c = new Conv1D(64, 3).padding("same");
        assertEquals(Shape.of(100, 64), c.build(Shape.of(100, 1)));
        assertEquals(256, c.countParams()); // 3*1*64 + 64
        assertEquals("conv1d", c.name());
        assertEquals(Shape.of(3, 1, 64), c.kernel().shape());
        assertEquals(Shape.of(98, 64), new Conv1D(64, 3).build(Shape.of(100, 1)));
        assertEquals(Shape.of(50, 4), new Conv1D(4, 3).strides(2).padding("same").build(Shape.of(100, 2)));
        assertEquals(Shape.of(96, 4), new Conv1D(4, 3).dilationRate(2).build(Shape.of(100, 2)));
        assertEquals(Shape.of(100, 4), new Conv1D(4, 3).dilationRate(2).padding("causal").build(Shape.of(100, 2)));
    }

    @Test
    void movingSumByHand() {
        // kernel [1, 1] over [1, 2, 3, 4]: valid -> [3, 5, 7]; causal -> [1, 3, 5, 7]
        Conv1D valid = new Conv1D(1, 2).useBias(false);
        valid.build(Shape.of(4, 1));
        valid.kernel().assign(new float[] {1, 1});
        assertValues(new float[] {3, 5, 7}, valid.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1)), 0);
        Conv1D causal = new Conv1D(1, 2).padding("causal").useBias(false);
        causal.build(Shape.of(4, 1));
        causal.kernel().assign(new float[] {1, 1});
        assertValues(new float[] {1, 3, 5, 7}, causal.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1)), 0);
    }

    @Test
    void causalDilatedMatchesPyTorch() {
        PyTorchReference r = PyTorchReference.load("conv1d");
        Conv1D c = new Conv1D(4, 3).padding("causal").dilationRate(2);
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        c.build(Shape.of(x.dim(1), x.dim(2)));
        c.kernel().assign(r.tensor("weight").permute(2, 1, 0).copy().data()); // (F, C, K) -> (K, C, F)
        c.bias().assign(r.tensor("bias").data());
        Tensor y = c.forward(x, true);
        PyTorchReference.assertClose("Conv1D causal d2 output", PyTorchReference.channelsLast(r.tensor("y")), y, 1e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose("Conv1D causal d2 input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
        PyTorchReference.assertClose("Conv1D causal d2 kernel grad", r.tensor("grad_weight").permute(2, 1, 0), c.kernel().value().grad(), 5e-5);
        PyTorchReference.assertClose("Conv1D causal d2 bias grad", r.tensor("grad_bias"), c.bias().value().grad(), 5e-5);
    }

    @Test
    void gradientsAndRoundTrip() {
        Conv1D c = new Conv1D(3, 3).strides(2).padding("same").activation("tanh").seed(1);
        LayerChecks.checkGradients(c, GradCheck.randomInput(2, 2, 7, 2), 1e-2, 2e-2);
        PyTorchReference.assertRoundTrip(dir, new Conv1D(3, 2).padding("causal").dilationRate(2).seed(2), GradCheck.randomInput(3, 2, 6, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(3, 3).build(Shape.of(4, 4, 1)));
        assertTrue(e.getMessage().startsWith("conv1d_2: expected input (None, steps, channels)"), e.getMessage());
    }
}
