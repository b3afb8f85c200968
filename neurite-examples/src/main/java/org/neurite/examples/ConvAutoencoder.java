package org.neurite.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.tensor.Tensor;

/**
 * The convolutional autoencoder of exam paper 000, exercise 3 (conformance case C000-04; the
 * Keras blog's "Building autoencoders in Keras"): 4,385 parameters, 28x28x1 -> 4x4x8 code -> 28x28x1.
 *
 * <pre>
 * encoder: conv 16 relu same, pool 2 same (14,14,16); conv 8, pool (7,7,8); conv 8, pool 'same' (4,4,8)
 * decoder: conv 8, up 2 (8,8,8); conv 8, up 2 (16,16,8); conv 16 VALID (14,14,16), up 2 (28,28,16);
 *          conv 1 sigmoid same (28,28,1)
 * </pre>
 * Trained with binary cross-entropy to reproduce its input; the run compares its reconstruction
 * error with the best constant answer, the mean training image.
 */
public final class ConvAutoencoder implements Example {
    public static Model build() {
        Input in = Input.of(28, 28, 1);
        SymbolicTensor x = new Conv2D(16, 3).activation("relu").padding("same").apply(in);
        x = new MaxPooling2D(2).padding("same").apply(x);
        x = new Conv2D(8, 3).activation("relu").padding("same").apply(x);
        x = new MaxPooling2D(2).padding("same").apply(x);
        x = new Conv2D(8, 3).activation("relu").padding("same").apply(x);
        SymbolicTensor encoded = new MaxPooling2D(2).padding("same").apply(x);   // (4, 4, 8)

        x = new Conv2D(8, 3).activation("relu").padding("same").apply(encoded);
        x = new UpSampling2D(2).apply(x);
        x = new Conv2D(8, 3).activation("relu").padding("same").apply(x);
        x = new UpSampling2D(2).apply(x);
        x = new Conv2D(16, 3).activation("relu").apply(x);                        // valid: 16 -> 14
        x = new UpSampling2D(2).apply(x);
        SymbolicTensor decoded = new Conv2D(1, 3).activation("sigmoid").padding("same").apply(x);
        return new Model(in, decoded);
    }

    @Override
    public String name() {
        return "conv-autoencoder";
    }

    @Override
    public String description() {
        return "the exam-000 conv autoencoder (case C000-04, 4,385 parameters) on MNIST; reconstructions to PNG";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(6000), 1000);
        Tensor train = mnist.data().train().features(), test = mnist.data().test().features();
        Model model = build();
        model.seed(o.seed());
        model.compile("adam", "binary_crossentropy");
        if (o.verbose()) o.out().println(model.summary());
        model.fit(train, train, Runs.fit(o, o.epochsOr(3), 32));

        Tensor reconstructed = model.predict(test, 256);
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_reconstruction_mse", Runs.mse(reconstructed, test));
        metrics.put("mean_image_baseline_mse", meanImageBaseline(train, test));
        metrics.put("params", (float) model.countParams());
        Path png = ImageGrid.save(Tensor.concat(List.of(Runs.rows(test, 0, 16), Runs.rows(reconstructed, 0, 16)), 0), 16, 2,
                Runs.output(o, "conv-autoencoder-reconstructions.png"));
        o.out().println("Top row: test digits; bottom row: their reconstructions.");
        return new Result(name(), mnist.source(), metrics, List.of(png), Runs.secondsSince(start));
    }

    /** MSE on the test images of always answering the mean training image. */
    static float meanImageBaseline(Tensor train, Tensor test) {
        Tensor mean = train.mean(0, true);
        return Runs.mse(mean.broadcastTo(test.shape()), test);
    }
}
