package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

class BatchNormalizationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void fourParamsPerChannelTwoTrainable() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(Shape.of(32, 64, 128));
        assertEquals("batch_normalization", bn.name());
        assertEquals(512, bn.countParams());
        assertEquals(256, bn.trainableParams());
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), bn.weights().stream().map(w -> w.name()).toList());
        assertFalse(bn.movingMean().trainable());
        assertEquals(Shape.of(100, 64), new BatchNormalization().build(Shape.of(100, 64)));
        assertEquals(Shape.of(7), new BatchNormalization().build(Shape.of(7)));
    }

    @Test
    void trainingUsesBatchStatsByHand() {
        // one channel, batch [1, 2, 3, 6]: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
        BatchNormalization bn = new BatchNormalization().epsilon(0.5f).momentum(0.9f);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 4, 1);
        Tensor y = bn.forward(x, true);
        float s = (float) (1 / Math.sqrt(3.5 + 0.5)); // 1/2
        assertValues(new float[] {-2 * s, -1 * s, 0, 3 * s}, y, 1e-6);
        // moving = 0.9 * moving + 0.1 * batch (Keras: the biased variance)
        assertValues(new float[] {0.3f}, bn.movingMean().value(), 1e-6);
        assertValues(new float[] {0.9f + 0.35f}, bn.movingVariance().value(), 1e-6);
        // inference uses the moving statistics: (x - 0.3) / sqrt(1.25 + 0.5)
        assertValues(new float[] {(float) ((1 - 0.3) / Math.sqrt(1.75))}, bn.apply(Tensor.of(new float[] {1}, 1, 1)), 1e-6);
        // a frozen layer stays in inference mode even in training (Keras)
        bn.trainable(false);
        assertValues(new float[] {(float) ((1 - 0.3) / Math.sqrt(1.75))}, bn.forward(Tensor.of(new float[] {1}, 1, 1), true), 1e-6);
        assertValues(new float[] {0.3f}, bn.movingMean().value(), 1e-6);
    }

    private static void comparePyTorch(String key) {
        PyTorchReference r = PyTorchReference.load("batch_norm").section(key);
        Tensor x = PyTorchReference.channelsLast(r.tensor("x")).copy().requiresGrad(true);
        BatchNormalization bn = new BatchNormalization(); // momentum 0.99 == PyTorch 0.01, epsilon 1e-3
        bn.build(Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank())));
        bn.gamma().assign(r.tensor("gamma").data());
        bn.beta().assign(r.tensor("beta").data());
        bn.movingMean().assign(r.tensor("moving_mean0").data());
        bn.movingVariance().assign(r.tensor("moving_var0").data());
        Tensor y = bn.forward(x, true);
        String label = "BatchNormalization " + key;
        PyTorchReference.assertClose(label + " training output", PyTorchReference.channelsLast(r.tensor("y")), y, 2e-5);
        y.mul(PyTorchReference.channelsLast(r.tensor("proj"))).sum().backward();
        PyTorchReference.assertClose(label + " input grad", PyTorchReference.channelsLast(r.tensor("grad_x")), x.grad(), 2e-5);
        PyTorchReference.assertClose(label + " gamma grad", r.tensor("grad_gamma"), bn.gamma().value().grad(), 5e-5);
        PyTorchReference.assertClose(label + " beta grad", r.tensor("grad_beta"), bn.beta().value().grad(), 5e-5);
        PyTorchReference.assertClose(label + " moving mean", r.tensor("torch_running_mean"), bn.movingMean().value(), 1e-6);
        // Keras' rule (biased batch variance) differs from PyTorch's running_var (unbiased)
        PyTorchReference.assertClose(label + " moving variance (Keras rule)", r.tensor("keras_moving_var"), bn.movingVariance().value(), 1e-6);

        BatchNormalization torchRule = new BatchNormalization().unbiasedMovingVariance(true);
        torchRule.build(bn.inputShapes());
        torchRule.movingVariance().assign(r.tensor("moving_var0").data());
        torchRule.forward(x.detach(), true);
        PyTorchReference.assertClose(label + " running_var (PyTorch rule)", r.tensor("torch_running_var"), torchRule.movingVariance().value(), 1e-6);
        // inference with PyTorch's updated stats
        bn.movingVariance().assign(r.tensor("torch_running_var").data());
        PyTorchReference.assertClose(label + " inference output", PyTorchReference.channelsLast(r.tensor("y_eval_torch_stats")), bn.apply(x.detach()), 2e-5);
    }

    @Test
    void matchesPyTorchBatchNormInTrainingMode() {
        comparePyTorch("bn2d");
        comparePyTorch("bn1d");
    }

    @Test
    void gradientChecksTrainingAndInference() {
        BatchNormalization bn = new BatchNormalization();
        Tensor x = GradCheck.randomInput(1, 3, 2, 2, 3);
        bn.build(Shape.of(2, 2, 3));
        bn.gamma().assign(new float[] {0.5f, -1.2f, 2f});
        bn.beta().assign(new float[] {0.1f, 0.2f, -0.3f});
        Tensor g = bn.gamma().value().detach().copy(), b = bn.beta().value().detach().copy();
        GradCheck.assertGradients("batch_norm (x, gamma, beta)", in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), -1, 1e-3f).output(),
                List.of(x, g, b), 1e-2, 2e-2);
        GradCheck.assertGradients("batch_norm through the layer (training)", in -> bn.forward(in.get(0), true), List.of(x), 1e-2, 2e-2);
        bn.movingVariance().assign(new float[] {0.5f, 2f, 1f});
        // inference mode: input by GradCheck, gamma and beta (the trainable weights) by central differences
        GradCheck.assertGradients("batch_norm inference", in -> bn.forward(in.get(0), false), List.of(x), 1e-2, 2e-2);
        Tensor p = Tensor.uniform(9, -1, 1, 3, 2, 2, 3);
        bn.gamma().value().zeroGrad();
        bn.beta().value().zeroGrad();
        bn.forward(x, false).mul(p).sum().backward();
        for (org.neurite.nn.Weight w : List.of(bn.gamma(), bn.beta())) {
            float[] d = w.value().data();
            for (int j = 0; j < d.length; j++) {
                float saved = d[j];
                d[j] = saved + 1e-2f;
                double plus = bn.forward(x, false).mul(p).sum().item();
                d[j] = saved - 1e-2f;
                double minus = bn.forward(x, false).mul(p).sum().item();
                d[j] = saved;
                assertEquals((plus - minus) / 2e-2, w.value().grad().data()[j], 2e-2, w.name() + "[" + j + "]");
            }
        }
        // channels in the middle (axis 1 of (N, C, L)) too
        GradCheck.assertGradients("batch_norm axis 1", in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), 1, 1e-3f).output(),
                List.of(GradCheck.randomInput(2, 2, 3, 4), g, b), 1e-2, 2e-2);
    }

    @Test
    void secondOrderGradientsUseTheDifferentiableFallback() {
        // d/dx of sum((d loss/dx)^2): GradMode is on during the first backward (createGraph)
        Tensor g = Tensor.of(new float[] {0.5f, -1.2f, 2f}, 3), b = Tensor.of(new float[] {0.1f, 0.2f, -0.3f}, 3);
        Tensor p = Tensor.uniform(7, -1, 1, 4, 3);
        GradCheck.assertGradients("batch_norm double backward", in -> {
            Tensor y = Normalization.batchNorm(in.get(0), g, b, -1, 1e-3f).output();
            Tensor dx = Autograd.grad(y.mul(p).sum(), List.of(in.get(0)), true).get(0);
            return dx.square().sum();
        }, List.of(GradCheck.randomInput(8, 4, 3)), 1e-2, 3e-2);
    }

    @Test
    void saveLoadKeepsMovingStatistics() {
        BatchNormalization bn = new BatchNormalization().momentum(0.9f).epsilon(1e-2f);
        Tensor x = GradCheck.randomInput(4, 3, 5, 2);
        bn.forward(x, true); // moves the statistics away from 0 / 1
        PyTorchReference.assertRoundTrip(dir, bn, x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.apply(Tensor.zeros(2, 5, 3)));
        assertTrue(e.getMessage().startsWith("batch_normalization: expected input"), e.getMessage());
    }
}
