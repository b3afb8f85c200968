package org.neurite.examples;

import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;

/**
 * A multilayer perceptron on MNIST digits: 784 -> 256 -> 128 -> 10, ReLU, dropout, softmax.
 * 235,146 parameters (784·256+256 + 256·128+128 + 128·10+10).
 */
public final class MnistMlp implements Example {
    public static Sequential build() {
        return new Sequential(
                Input.of(28, 28, 1),
                new Flatten(),
                new Dense(256, "relu"),
                new Dropout(0.2),
                new Dense(128, "relu"),
                new Dense(10, "softmax"));
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "multilayer perceptron 784-256-128-10 on MNIST digits";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(6000), 1000);
        return Runs.classify(this, o, build(), mnist, o.epochsOr(3), 64, 1e-3f);
    }
}
