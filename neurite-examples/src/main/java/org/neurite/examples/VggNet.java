package org.neurite.examples;

import org.neurite.nn.Sequential;
import org.neurite.nn.Input;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * A VGG-style network for CIFAR-10 (Simonyan and Zisserman 2014, scaled down): blocks of two 3x3
 * 'same' convolutions followed by 2x2 max pooling, the width doubling from block to block, then a
 * dense head. Two blocks of 16 and 32 filters here, so that it trains on a CPU in seconds.
 *
 * <pre>
 * (32,32,3) [conv 16, conv 16, pool] (16,16,16) [conv 32, conv 32, pool] (8,8,32)
 *   flatten 2048 -> dense 64 -> dropout 0.3 -> dense 10 softmax
 * </pre>
 */
public final class VggNet implements Example {
    public static Sequential build() {
        Sequential model = new Sequential(Input.of(32, 32, 3));
        for (int filters : new int[] {16, 32}) {
            model.add(new Conv2D(filters, 3).padding("same").activation("relu"));
            model.add(new Conv2D(filters, 3).padding("same").activation("relu"));
            model.add(new MaxPooling2D(2));
        }
        model.add(new Flatten());
        model.add(new Dense(64, "relu"));
        model.add(new Dropout(0.3));
        model.add(new Dense(10, "softmax"));
        return model;
    }

    @Override
    public String name() {
        return "vgg";
    }

    @Override
    public String description() {
        return "VGG-style blocks (2x conv3x3 + pool, 16 then 32 filters) on CIFAR-10";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded cifar = ExampleData.cifar10(o, o.samplesOr(5000), 2000);
        return Runs.classify(this, o, build(), cifar, o.epochsOr(2), 32, 1e-3f);
    }
}
