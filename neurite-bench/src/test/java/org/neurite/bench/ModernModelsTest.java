package org.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.neurite.autograd.GradMode;
import org.neurite.nn.Model;
import org.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The W9..W12 networks have the parameter counts of their PyTorch twins (counted independently by
 * pytorch_bench.py: PyTorch's own count, converted to the Keras convention) and the expected output
 * shapes. One batch-1 forward each, no training: the timing belongs to the benchmark run.
 */
class ModernModelsTest {
    private static int[] forwardShape(Model m, Tensor x) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return m.forward(x, false).shape().dims();
        }
    }

    @Test
    void transformerMatchesPyTorchTwin() {
        Model m = ModernModels.transformer();
        assertArrayEquals(new int[] {1, 2}, forwardShape(m, Tensor.zeros(1, 128)));
        assertEquals(1_437_442L, m.countParams()); // PyTorch: 1,437,442 (no BatchNorm, no LSTM)
    }

    @Test
    void resnet18MatchesPyTorchTwin() {
        Model m = ModernModels.resnet18();
        assertArrayEquals(new int[] {1, 10}, forwardShape(m, Tensor.zeros(1, 32, 32, 3)));
        assertEquals(11_173_962L + 2 * 4_800, m.countParams()); // PyTorch trainable + BN moving mean/var
        assertEquals(11_173_962L, m.trainableParams());
    }

    @Test
    void mobileNetV2MatchesPyTorchTwin() {
        Model m = ModernModels.mobileNetV2();
        assertArrayEquals(new int[] {1, 10}, forwardShape(m, Tensor.zeros(1, 96, 96, 3)));
        assertEquals(700_490L, m.trainableParams()); // PyTorch trainable
        assertEquals(ModernModels.MOBILENET_V2_PARAMS, m.countParams());
        assertEquals(16, ModernModels.divisible(16));
        assertEquals(16, ModernModels.divisible(12)); // 24 * 0.5 rounds up, as Keras' _make_divisible
        assertEquals(8, ModernModels.divisible(8));
    }

    @Test
    void textLstmMatchesPyTorchTwin() {
        Model m = ModernModels.textLstm();
        assertArrayEquals(new int[] {1, 1}, forwardShape(m, Tensor.zeros(1, 200)));
        assertEquals(2_659_457L - 2 * 256, m.countParams()); // PyTorch's count less its second bias (bias_hh) per direction
    }
}
