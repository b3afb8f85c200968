package org.neurite.examples;

import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * The small CIFAR-10 classifier of exam paper 000, exercise 1 (conformance case C000-01):
 * two 3x3 'same' convolutions with 4 and 8 filters, each followed by 2x2 max pooling, then
 * Dense(28, relu) and Dense(10, softmax). 15,062 parameters:
 * conv 3·3·3·4+4 = 112, conv 3·3·4·8+8 = 296, dense 512·28+28 = 14,364, dense 28·10+10 = 290.
 */
public final class ExamCifarModel implements Example {
    public static Sequential build() {
        return new Sequential(
                Input.of(32, 32, 3),
                new Conv2D(4, 3).padding("same").activation("relu"),
                new MaxPooling2D(2, 2),
                new Conv2D(8, 3).padding("same").activation("relu"),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(28, "relu"),
                new Dense(10, "softmax"));
    }

    @Override
    public String name() {
        return "exam-cifar";
    }

    @Override
    public String description() {
        return "the exam-000 CIFAR-10 classifier (case C000-01, 15,062 parameters)";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        ExampleData.Loaded cifar = ExampleData.cifar10(o, o.samplesOr(10000), 2000);
        return Runs.classify(this, o, build(), cifar, o.epochsOr(3), 32, 2e-3f);
    }
}
