package org.neurite.examples;

import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * LeNet-5 for 28x28 grey digits, in its common modern form: the first convolution pads by 2 so the
 * 28x28 input plays the role of LeCun's 32x32, ReLU and max pooling instead of tanh and subsampling.
 * 61,706 parameters with 10 classes.
 *
 * <pre>
 * (28, 28, 1) -conv 6@5x5 same-> (28, 28, 6) -pool-> (14, 14, 6) -conv 16@5x5-> (10, 10, 16)
 *   -pool-> (5, 5, 16) -flatten-> 400 -> 120 -> 84 -> classes (softmax)
 * </pre>
 */
public final class LeNet5 implements Example {
    public static Sequential build(int classes) {
        return new Sequential(
                Input.of(28, 28, 1),
                new Conv2D(6, 5).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Conv2D(16, 5).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(120, "relu"),
                new Dense(84, "relu"),
                new Dense(classes, "softmax"));
    }

    @Override
    public String name() {
        return "lenet5";
    }

    @Override
    public String description() {
        return "LeNet-5 (61,706 parameters) on MNIST digits";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(6000), 1000);
        return Runs.classify(this, o, build(10), mnist, o.epochsOr(2), 64, 1e-3f);
    }
}
