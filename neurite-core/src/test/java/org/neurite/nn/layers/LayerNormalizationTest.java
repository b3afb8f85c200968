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
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Normalization;

class LayerNormalizationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void normalisesEachRowByHand() {
        // row [1, 3]: mean 2, variance 1 -> [-1, 1] / sqrt(1 + eps)
        LayerNormalization ln = new LayerNormalization();
        assertEquals(Shape.of(2, 2), ln.build(Shape.of(2, 2)));
        assertEquals("layer_normalization", ln.name());
        assertEquals(4, ln.countParams());
        // row [10, 30]: mean 20, variance 100 -> [-10, 10] / sqrt(100 + eps)
        float s = (float) (1 / Math.sqrt(1 + 1e-3)), t = (float) (10 / Math.sqrt(100 + 1e-3));
        assertValues(new float[] {-s, s, -t, t}, ln.apply(Tensor.of(new float[] {1, 3, 10, 30}, 1, 2, 2)), 1e-6);
    }

    @Test
    void matchesPyTorchLayerNorm() {
        PyTorchReference r = PyTorchReference.load("layer_norm");
        LayerNormalization ln = new LayerNormalization();
        Tensor x = r.tensor("x").copy().requiresGrad(true);
        ln.build(Shape.of(3, 6));
        ln.gamma().assign(r.tensor("gamma").data());
        ln.beta().assign(r.tensor("beta").data());
        Tensor y = ln.forward(x, true);
        PyTorchReference.assertClose("LayerNormalization output", r.tensor("y"), y, 2e-5);
        y.mul(r.tensor("proj")).sum().backward();
        PyTorchReference.assertClose("LayerNormalization input grad", r.tensor("grad_x"), x.grad(), 2e-5);
        PyTorchReference.assertClose("LayerNormalization gamma grad", r.tensor("grad_gamma"), ln.gamma().value().grad(), 5e-5);
        PyTorchReference.assertClose("LayerNormalization beta grad", r.tensor("grad_beta"), ln.beta().value().grad(), 5e-5);
    }

    @Test
    void gradientChecksIncludingSecondOrder() {
        LayerNormalization ln = new LayerNormalization();
        ln.build(Shape.of(3, 4));
        ln.gamma().assign(new float[] {0.5f, -1f, 2f, 1.5f});
        ln.beta().assign(new float[] {0.1f, 0.2f, -0.3f, 0f});
        LayerChecks.checkGradients(ln, GradCheck.randomInput(1, 2, 3, 4), 1e-2, 2e-2);
        Tensor g = Tensor.of(new float[] {0.5f, -1f, 2f, 1.5f}, 4), b = Tensor.zeros(4), p = Tensor.uniform(3, -1, 1, 3, 4);
        GradCheck.assertGradients("layer_norm double backward", in -> {
            Tensor y = Normalization.layerNorm(in.get(0), g, b, 1e-3f);
            return Autograd.grad(y.mul(p).sum(), List.of(in.get(0)), true).get(0).square().sum();
        }, List.of(GradCheck.randomInput(4, 3, 4)), 1e-2, 3e-2);
    }

    @Test
    void saveLoadRoundTrip() {
        LayerNormalization ln = new LayerNormalization().epsilon(1e-5f);
        Tensor x = GradCheck.randomInput(5, 2, 4, 3);
        ln.build(Shape.of(4, 3));
        ln.gamma().assign(new float[] {2, 3, 4});
        PyTorchReference.assertRoundTrip(dir, ln, x);
    }
}
