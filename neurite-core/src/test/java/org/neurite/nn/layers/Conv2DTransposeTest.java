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
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class Conv2DTransposeTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void outputSizesFollowKerasDeconvOutputLength() {
        // valid: (in-1)*s + k when k >= s, in*s when k < s; same: in*s
        assertEquals(Shape.of(9, 11, 2), new Conv2DTranspose(2, 3).strides(2).build(Shape.of(4, 5, 1)));
        assertEquals(Shape.of(12, 15, 2), new Conv2DTranspose(2, 1).strides(3).build(Shape.of(4, 5, 1)));
        assertEquals(Shape.of(8, 10, 2), new Conv2DTranspose(2, 3).strides(2).padding("same").build(Shape.of(4, 5, 1)));
        assertEquals(Shape.of(12, 15, 2), new Conv2DTranspose(2, 4).strides(3).padding("same").build(Shape.of(4, 5, 1)));
        // with output_padding: (in-1)*s + k - 2*pad + op, pad = k//2 for same
        assertEquals(Shape.of(8, 10, 2), new Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1).build(Shape.of(4, 5, 1)));
        assertEquals(Shape.of(7, 9, 2), new Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(0).build(Shape.of(4, 5, 1)));
        assertEquals(Shape.of(10, 12, 2), new Conv2DTranspose(2, 3).strides(2).outputPadding(1).build(Shape.of(4, 5, 1)));
        // PyTorch: (in-1)*s - 2p + k + op
        assertEquals(Shape.of(8, 8, 2), new Conv2DTranspose(2, 4).strides(2).padding(Padding.of(1, 1)).build(Shape.of(4, 4, 1)));
        assertEquals(Shape.of(64, 64, 2), new Conv2DTranspose(2, 3).strides(2).padding(Padding.of(1, 1)).outputPadding(1).build(Shape.of(32, 32, 1)));
    }

    @Test
    void kerasParamCountsAndKernelLayout() {
        // C003-01: convt1 3x3, 128 -> 32: 3*3*32*128 + 32; convt2 3x3, 32 -> 16: 3*3*16*32 + 16
        Conv2DTranspose t1 = new Conv2DTranspose(32, 3).strides(2).padding("same");
        t1.build(Shape.of(32, 64, 128));
        assertEquals(36_896, t1.countParams());
        assertEquals(Shape.of(3, 3, 32, 128), t1.kernel().shape());
        Conv2DTranspose t2 = new Conv2DTranspose(16, 3).strides(2).padding("same");
        t2.build(Shape.of(64, 128, 32));
        assertEquals(4_624, t2.countParams());
        assertEquals("conv2d_transpose", t1.name());
        assertEquals("conv2d_transpose_1", t2.name());
    }

    @Test
    void strideTwoScatterByHand() {
        // 1 channel 2x2 input [[1, 2], [3, 4]], 2x2 kernel [[1, 10], [100, 1000]], stride 2, valid:
        // each input cell writes x * kernel into its own 2x2 block of the 4x4 output
        Conv2DTranspose t = new Conv2DTranspose(1, 2).strides(2).useBias(false);
        t.build(Shape.of(2, 2, 1));
        t.kernel().assign(new float[] {1, 10, 100, 1000});
        Tensor y = t.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertValues(new float[] {
            1, 10, 2, 20,
            100, 1000, 200, 2000,
            3, 30, 4, 40,
            300, 3000, 400, 4000}, y, 0);
        // stride 1, valid, 2x2 kernel of ones on [[1, 2], [3, 4]]: overlapping windows add
        Conv2DTranspose u = new Conv2DTranspose(1, 2).useBias(false);
        u.build(Shape.of(2, 2, 1));
        u.kernel().assign(new float[] {1, 1, 1, 1});
        assertValues(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, u.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1)), 0);
    }

    private static void comparePyTorch(String key, Conv2DTranspose layer) {
        PyTorchReference r = PyTorchReference.load("conv_transpose2d").section(key);
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        layer.build(Shape.of(x.dim(1), x.dim(2), x.dim(3)));
        // PyTorch weight (in, out, kh, kw) -> Keras (kh, kw, out, in)
        layer.kernel().assign(r.tensor("weight").permute(2, 3, 1, 0).copy().data());
        layer.bias().assign(r.tensor("bias").data());
        Tensor y = layer.forward(x, true);
        PyTorchReference.assertClose("Conv2DTranspose " + key + " output", PyTorchReference.channelsLast(r.tensor("y")), y, 1e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose("Conv2DTranspose " + key + " input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
        PyTorchReference.assertClose("Conv2DTranspose " + key + " kernel grad", r.tensor("grad_weight").permute(2, 3, 1, 0), layer.kernel().value().grad(), 5e-5);
        PyTorchReference.assertClose("Conv2DTranspose " + key + " bias grad", r.tensor("grad_bias"), layer.bias().value().grad(), 5e-5);
    }

    @Test
    void matchesPyTorchConvTranspose2d() {
        comparePyTorch("s2_p1_op1", new Conv2DTranspose(4, 3).strides(2).padding(Padding.of(1, 1)).outputPadding(1));
        comparePyTorch("k4_s2_p1", new Conv2DTranspose(3, 4).strides(2).padding(Padding.of(1, 1)));
        // Keras 'same' (k3, s2) = PyTorch padding 0 with the last row and column cropped
        comparePyTorch("keras_same", new Conv2DTranspose(2, 3).strides(2).padding("same"));
    }

    @Test
    void gradientsOfInputKernelAndBias() {
        Conv2DTranspose t = new Conv2DTranspose(2, 3).strides(2).padding("same").activation("tanh").biasInitializer(org.neurite.nn.Initializers.constant(0.1f)).seed(3);
        Tensor x = GradCheck.randomInput(4, 2, 3, 4, 3);
        LayerChecks.checkGradients(t, x, 1e-2, 2e-2);
        Conv2DTranspose p = new Conv2DTranspose(2, 3).strides(2).padding(Padding.of(1, 1)).outputPadding(1).seed(4);
        LayerChecks.checkGradients(p, GradCheck.randomInput(5, 1, 3, 3, 2), 1e-2, 2e-2);
    }

    @Test
    void saveLoadRoundTripAndErrors() {
        Conv2DTranspose t = new Conv2DTranspose(3, 3).strides(2).padding("same").outputPadding(1).activation("relu").seed(1);
        PyTorchReference.assertRoundTrip(dir, t, GradCheck.randomInput(2, 2, 4, 5, 2));
        Conv2DTranspose p = new Conv2DTranspose(3, 4).strides(2).padding(Padding.of(1, 1)).seed(2);
        PyTorchReference.assertRoundTrip(dir, p, GradCheck.randomInput(3, 1, 3, 3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2DTranspose(2, 3).strides(2).outputPadding(2).name("up").build(Shape.of(4, 4, 1)));
        assertTrue(e.getMessage().startsWith("up: output padding 2 must be smaller than the stride 2"), e.getMessage());
        Conv2DTranspose built = new Conv2DTranspose(2, 3).name("deconv");
        built.build(Shape.of(4, 4, 3));
        e = assertThrows(IllegalArgumentException.class, () -> built.apply(Tensor.zeros(1, 4, 4, 2)));
        assertTrue(e.getMessage().startsWith("deconv: expected input"), e.getMessage());
    }
}
