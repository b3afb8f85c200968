package org.neurite.bench;

import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Bidirectional;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.DepthwiseConv2D;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.ReLU;
import org.neurite.nn.layers.TransformerEncoder;

/**
 * The networks of workloads W9..W12 (the ones people train today), layer for layer the same as
 * their PyTorch twins in {@code neurite-bench/scripts/pytorch_bench.py}. Parameter counts follow
 * the Keras convention (BatchNormalization's moving mean and variance included, one LSTM bias per
 * gate); the constants below are checked by the benchmark against {@link Model#countParams()} and
 * by the script against PyTorch's count converted to the same convention.
 */
final class ModernModels {
    /** W9: 1,024,000 token + 16,384 position embeddings, 2 x 198,272 per block, 256 final norm, 258 head. */
    static final long TRANSFORMER_PARAMS = 1_437_442;
    /** W10: PyTorch's 11,173,962 trainable + 2 x 4,800 BatchNorm moving statistics. */
    static final long RESNET18_PARAMS = 11_183_562;
    /** W11: width 0.5, 10 classes (PyTorch trainable 700,490 + 2 x 9,272 moving statistics). */
    static final long MOBILENET_V2_PARAMS = 719_034;
    /** W12: 2,560,000 embedding + 2 x 49,408 LSTM + 129 head (PyTorch: +512 for its second bias). */
    static final long TEXT_LSTM_PARAMS = 2_658_945;

    static final int TRANSFORMER_VOCAB = 8_000, TRANSFORMER_SEQ = 128;
    static final int TEXT_VOCAB = 20_000, TEXT_SEQ = 200;

    private ModernModels() {}

    /**
     * W9: token ids {@code (N, 128)} -> Embedding(8000, 128) + learned positions -> 2 pre-norm
     * Transformer encoder blocks (4 heads, feed-forward 512, GELU, no dropout) -> LayerNorm -> mean
     * over time -> Dense(2) logits. Pre-norm with GELU is {@link TransformerEncoder#preNorm}, which
     * is PyTorch's {@code TransformerEncoderLayer(norm_first=True, activation="gelu")}.
     */
    static Sequential transformer() {
        int d = 128;
        return new Sequential(Input.of(TRANSFORMER_SEQ),
                new Embedding(TRANSFORMER_VOCAB, d),
                new PositionEmbedding(TRANSFORMER_SEQ),
                new TransformerEncoder(512, 4).preNorm(true).activation("gelu"),
                new TransformerEncoder(512, 4).preNorm(true).activation("gelu"),
                new LayerNormalization().epsilon(1e-5f),
                new GlobalAveragePooling1D(),
                new Dense(2));
    }

    /**
     * W10: ResNet-18 for 32x32x3 (He et al. 2016, CIFAR variant): 3x3/64 stem without max-pool,
     * four stages of two basic blocks (64, 128, 256, 512 channels; stages 2-4 halve the size and
     * project the shortcut with 1x1 conv + BN), global average pool, Dense(10) logits. Convolutions
     * carry no bias (BatchNorm follows each).
     */
    static Model resnet18() {
        Input in = Input.of(32, 32, 3);
        SymbolicTensor x = bnRelu(conv(64, 3, 1).apply(in), false);
        int in_ch = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = basicBlock(x, in_ch, widths[stage], stride);
                in_ch = widths[stage];
            }
        }
        x = new GlobalAveragePooling2D().apply(x);
        return new Model(in, new Dense(10).apply(x));
    }

    private static SymbolicTensor basicBlock(SymbolicTensor x, int inCh, int outCh, int stride) {
        SymbolicTensor y = bnRelu(conv(outCh, 3, stride).apply(x), false);
        y = bn().apply(conv(outCh, 3, 1).apply(y));
        SymbolicTensor shortcut = stride == 1 && inCh == outCh ? x : bn().apply(conv(outCh, 1, stride).apply(x));
        return new ReLU().apply(new Add().apply(y, shortcut));
    }

    /**
     * W11: MobileNetV2 (Sandler et al. 2018) with width multiplier 0.5 at 96x96x3: 3x3/16 stride-2
     * stem, the paper's 17 inverted residual blocks (expansion 1x1 conv, 3x3 DepthwiseConv2D, linear
     * 1x1 projection, BatchNorm and ReLU6 after the first two, identity shortcut when shape allows),
     * 1x1/1280 head conv (not scaled below width 1, as Keras), global average pool, Dense(10).
     * Channels are rounded to multiples of 8 as Keras' {@code _make_divisible}.
     */
    static Model mobileNetV2() {
        double alpha = 0.5;
        Input in = Input.of(96, 96, 3);
        SymbolicTensor x = bnRelu(conv(divisible(32 * alpha), 3, 2).apply(in), true);
        int inCh = divisible(32 * alpha);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        for (int[] s : settings) {
            int outCh = divisible(s[1] * alpha);
            for (int i = 0; i < s[2]; i++) {
                x = invertedResidual(x, inCh, outCh, i == 0 ? s[3] : 1, s[0]);
                inCh = outCh;
            }
        }
        x = bnRelu(conv(1280, 1, 1).apply(x), true);
        x = new GlobalAveragePooling2D().apply(x);
        return new Model(in, new Dense(10).apply(x));
    }

    private static SymbolicTensor invertedResidual(SymbolicTensor x, int inCh, int outCh, int stride, int expansion) {
        SymbolicTensor y = x;
        if (expansion != 1) y = bnRelu(conv(inCh * expansion, 1, 1).apply(y), true);
        y = bnRelu(new DepthwiseConv2D(3).strides(stride).padding("same").useBias(false).apply(y), true);
        y = bn().apply(conv(outCh, 1, 1).apply(y));
        return stride == 1 && inCh == outCh ? new Add().apply(x, y) : y;
    }

    /** Keras' {@code _make_divisible(v, 8)}: nearest multiple of 8, at least 8, never below 90% of v. */
    static int divisible(double v) {
        int r = Math.max(8, (int) (v + 4) / 8 * 8);
        return r < 0.9 * v ? r + 8 : r;
    }

    /** W12: token ids {@code (N, 200)} -> Embedding(20000, 128) -> Bidirectional(LSTM(64)) (concat) -> Dense(1, sigmoid). */
    static Sequential textLstm() {
        return new Sequential(Input.of(TEXT_SEQ),
                new Embedding(TEXT_VOCAB, 128),
                new Bidirectional(new LSTM(64)),
                new Dense(1, "sigmoid"));
    }

    private static Conv2D conv(int filters, int kernel, int stride) {
        return new Conv2D(filters, kernel).strides(stride).padding("same").useBias(false);
    }

    /** BatchNorm with PyTorch's defaults (eps 1e-5, momentum 0.1 = Keras 0.9), as the twins. */
    private static BatchNormalization bn() {
        return new BatchNormalization().epsilon(1e-5f).momentum(0.9f);
    }

    private static SymbolicTensor bnRelu(SymbolicTensor x, boolean relu6) {
        Layer act = relu6 ? new ReLU().maxValue(6) : new ReLU();
        return act.apply(bn().apply(x));
    }
}
