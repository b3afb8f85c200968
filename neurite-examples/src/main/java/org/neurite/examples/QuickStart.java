package org.neurite.examples;

import java.nio.file.Path;
import java.util.Map;
import org.neurite.data.TrainTest;
import org.neurite.datasets.MnistSubset;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/**
 * The README's example, verbatim between the markers (a test keeps the two identical and runs it).
 * Returns the test accuracy.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) throws Exception {
        run(Path.of("."));
    }

    public static float run(Path dir) throws Exception {
        // README:begin
        TrainTest mnist = MnistSubset.load();   // 6,000 + 1,000 digits shipped in the jar
        Sequential model = new Sequential(
                Input.of(28, 28, 1),
                new Conv2D(8, 3).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(64, "relu"),
                new Dropout(0.2),
                new Dense(10, "softmax"));
        model.printSummary();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(mnist.train().features(), mnist.train().targets(),
                new FitConfig().epochs(3).batchSize(32).validationSplit(0.1f));
        Map<String, Float> test = model.evaluate(mnist.test().features(), mnist.test().targets());
        System.out.printf("test accuracy: %.3f%n", test.get("accuracy"));

        model.save(dir.resolve("digits.nrt"));       // architecture + weights, one file
        Model loaded = Model.load(dir.resolve("digits.nrt"));
        Tensor probabilities = loaded.predict(mnist.test().features().slice(0, 0, 5));  // (5, 10)
        // README:end
        if (!probabilities.shape().equals(org.neurite.tensor.Shape.of(5, 10))) throw new AssertionError(probabilities.shape());
        return test.get("accuracy");
    }
}
