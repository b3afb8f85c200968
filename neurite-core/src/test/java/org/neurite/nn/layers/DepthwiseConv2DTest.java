package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.DepthwiseConvolution;

class DepthwiseConv2DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void kerasShapesAndParamCount() {
        DepthwiseConv2D d = new DepthwiseConv2D(3).depthMultiplier(2).padding("same");
        assertEquals(Shape.of(32, 32, 32), d.build(Shape.of(32, 32, 16)));
        assertEquals("depthwise_conv2d", d.name());
        assertEquals(Shape.of(3, 3, 16, 2), d.kernel().shape());
        assertEquals(3 * 3 * 16 * 2 + 32, d.countParams());
        assertEquals(Shape.of(15, 15, 8), new DepthwiseConv2D(3).strides(2).build(Shape.of(32, 32, 8)));
    }

    @Test
    void channelsStaySeparateByHand() {
        // 2x2 input, 2 channels, 1x1 kernel, multiplier 2: out channel c*2+m = x_c * k[c, m]
        DepthwiseConv2D d = new DepthwiseConv2D(1).depthMultiplier(2).useBias(false);
        d.build(Shape.of(1, 1, 2));
        d.kernel().assign(new float[] {1, 10, 100, 1000}); // k[0,0,c,m]: c0 -> (1, 10), c1 -> (100, 1000)
        assertValues(new float[] {3, 30, 500, 5000}, d.apply(Tensor.of(new float[] {3, 5}, 1, 1, 1, 2)), 0);
    }

    @Test
    void matchesPyTorchGroupedConv() {
        PyTorchReference r = PyTorchReference.load("depthwise_conv2d");
        int c = r.i("channels"), m = r.i("depth_multiplier");
        DepthwiseConv2D d = new DepthwiseConv2D(3).depthMultiplier(m).strides(2).padding(Padding.of(1, 1));
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        d.build(Shape.of(x.dim(1), x.dim(2), c));
        // PyTorch (C*M, 1, KH, KW) -> (C, M, KH, KW) -> Keras (KH, KW, C, M)
        d.kernel().assign(r.tensor("weight").reshape(c, m, 3, 3).permute(2, 3, 0, 1).copy().data());
        d.bias().assign(r.tensor("bias").data());
        Tensor y = d.forward(x, true);
        PyTorchReference.assertClose("DepthwiseConv2D output", PyTorchReference.channelsLast(r.tensor("y")), y, 1e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose("DepthwiseConv2D input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
        PyTorchReference.assertClose("DepthwiseConv2D kernel grad", r.tensor("grad_weight").reshape(c, m, 3, 3).permute(2, 3, 0, 1), d.kernel().value().grad(), 5e-5);
        PyTorchReference.assertClose("DepthwiseConv2D bias grad", r.tensor("grad_bias"), d.bias().value().grad(), 5e-5);
    }

    @Test
    void gradientChecksFirstAndSecondOrder() {
        DepthwiseConv2D d = new DepthwiseConv2D(3).depthMultiplier(2).strides(2).padding("same").dilationRate(1).seed(5);
        LayerChecks.checkGradients(d, GradCheck.randomInput(1, 2, 5, 4, 3), 1e-2, 2e-2);
        DepthwiseConv2D dil = new DepthwiseConv2D(2).dilationRate(2).seed(6);
        LayerChecks.checkGradients(dil, GradCheck.randomInput(2, 1, 5, 5, 2), 1e-2, 2e-2);
        Tensor p = Tensor.uniform(3, -1, 1, 1, 2, 2, 4);
        GradCheck.assertGradients("depthwise double backward", in -> {
            Tensor y = DepthwiseConvolution.depthwiseConv2d(in.get(0), in.get(1), new int[] {2}, Padding.same(), null);
            List<Tensor> g = Autograd.grad(y.mul(p).square().sum(), List.of(in.get(0), in.get(1)), true);
            return g.get(0).square().sum().add(g.get(1).square().sum());
        }, List.of(GradCheck.randomInput(4, 1, 4, 4, 2), GradCheck.randomInput(5, 3, 3, 2, 2)), 1e-2, 3e-2);
    }

    @Test
    void saveLoadRoundTrip() {
        PyTorchReference.assertRoundTrip(dir, new DepthwiseConv2D(3).depthMultiplier(3).padding("same").activation("relu").seed(1), GradCheck.randomInput(1, 2, 5, 5, 2));
    }
}
