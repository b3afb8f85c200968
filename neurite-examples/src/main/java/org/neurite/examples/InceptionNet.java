package org.neurite.examples;

import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * A network of Inception modules (GoogLeNet, Szegedy et al. 2014) for CIFAR-10. A module runs four
 * branches in parallel on the same input and concatenates them along the channels: a 1x1
 * convolution; 1x1 reduction then 3x3; 1x1 reduction then 5x5; 3x3 max pooling (stride 1) then 1x1.
 *
 * <pre>
 * (32,32,3) conv 16 3x3, pool -> (16,16,16)
 *   inception(8, 8->16, 4->8, 8)   -> (16,16,40), pool -> (8,8,40)
 *   inception(16, 16->24, 4->8, 8) -> (8,8,56)
 *   global average pooling -> dense 10 softmax
 * </pre>
 */
public final class InceptionNet implements Example {
    /** The four branches, concatenated: out channels = f1 + f3 + f5 + fPool. */
    static SymbolicTensor inceptionModule(SymbolicTensor x, int f1, int r3, int f3, int r5, int f5, int fPool) {
        SymbolicTensor b1 = new Conv2D(f1, 1).activation("relu").apply(x);
        SymbolicTensor b3 = new Conv2D(r3, 1).activation("relu").apply(x);
        b3 = new Conv2D(f3, 3).padding("same").activation("relu").apply(b3);
        SymbolicTensor b5 = new Conv2D(r5, 1).activation("relu").apply(x);
        b5 = new Conv2D(f5, 5).padding("same").activation("relu").apply(b5);
        SymbolicTensor bp = new MaxPooling2D(3, 1).padding("same").apply(x);
        bp = new Conv2D(fPool, 1).activation("relu").apply(bp);
        return new Concatenate().apply(b1, b3, b5, bp);
    }

    public static Model build() {
        Input in = Input.of(32, 32, 3);
        SymbolicTensor x = new Conv2D(16, 3).padding("same").activation("relu").apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = inceptionModule(x, 8, 8, 16, 4, 8, 8);
        x = new MaxPooling2D(2).apply(x);
        x = inceptionModule(x, 16, 16, 24, 4, 8, 8);
        x = new GlobalAveragePooling2D().apply(x);
        return new Model(in, new Dense(10, "softmax").apply(x));
    }

    @Override
    public String name() {
        return "inception";
    }

    @Override
    public String description() {
        return "two Inception modules (parallel 1x1 / 3x3 / 5x5 / pool branches, concatenated) on CIFAR-10";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded cifar = ExampleData.cifar10(o, o.samplesOr(5000), 2000);
        return Runs.classify(this, o, build(), cifar, o.epochsOr(2), 32, 2e-3f);
    }
}
