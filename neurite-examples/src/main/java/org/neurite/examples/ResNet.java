package org.neurite.examples;

import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.preprocessing.RandomFlip;
import org.neurite.nn.layers.preprocessing.RandomTranslation;

/**
 * A small ResNet (He et al. 2015) for CIFAR-10: residual blocks {@code relu(F(x) + shortcut(x))}
 * where F is conv-BN-relu-conv-BN. The shortcut is the identity when the shape is kept, and a 1x1
 * convolution with stride 2 plus BN (projection shortcut) when the block halves the size and
 * changes the width.
 *
 * <pre>
 * (32,32,3) conv 16 3x3 + BN + relu, pool -> (16,16,16)
 *   identity block 16          -> (16,16,16)
 *   projection block 32, /2    -> (8,8,32)
 *   identity block 32          -> (8,8,32)
 *   global average pooling -> dense 10 softmax
 * </pre>
 */
public final class ResNet implements Example {
    /** Two 3x3 convolutions with BN; shortcut = identity, or a strided 1x1 projection if {@code stride > 1} or the width changes. */
    static SymbolicTensor residualBlock(SymbolicTensor x, int filters, int stride) {
        SymbolicTensor f = new Conv2D(filters, 3).strides(stride).padding("same").useBias(false).apply(x);
        f = bn().apply(f);
        f = new Activation("relu").apply(f);
        f = new Conv2D(filters, 3).padding("same").useBias(false).apply(f);
        f = bn().apply(f);
        SymbolicTensor shortcut = x;
        if (stride != 1 || x.shape().dim(x.shape().rank() - 1) != filters) {
            shortcut = new Conv2D(filters, 1).strides(stride).useBias(false).apply(x);
            shortcut = bn().apply(shortcut);
        }
        return new Activation("relu").apply(new Add().apply(f, shortcut));
    }

    /**
     * BatchNormalization with momentum 0.9 instead of Keras' 0.99, so that the moving mean and
     * variance used at test time catch up with the weights within a short run.
     */
    static BatchNormalization bn() {
        return new BatchNormalization().momentum(0.9f);
    }

    public static Model build() {
        return build(false);
    }

    /**
     * With {@code augment}, training images are first flipped left-right at random and shifted by
     * up to 10% of their height and width (RandomFlip + RandomTranslation, identities at inference).
     */
    public static Model build(boolean augment) {
        Input in = Input.of(32, 32, 3);
        SymbolicTensor x = in;
        if (augment) {
            x = new RandomFlip("horizontal").apply(x);
            x = new RandomTranslation(0.1, 0.1).apply(x);
        }
        x = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
        x = bn().apply(x);
        x = new Activation("relu").apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = residualBlock(x, 16, 1);  // identity shortcut
        x = residualBlock(x, 32, 2);  // projection shortcut
        x = residualBlock(x, 32, 1);  // identity shortcut
        x = new GlobalAveragePooling2D().apply(x);
        SymbolicTensor out = new Dense(10, "softmax").apply(x);
        return new Model(in, out);
    }

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String description() {
        return "small ResNet (identity and projection shortcuts, BatchNormalization) on CIFAR-10";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded cifar = ExampleData.cifar10(o, o.samplesOr(5000), 2000);
        return Runs.classify(this, o, build(), cifar, o.epochsOr(2), 32, 2e-3f);
    }
}
