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
 * A denoising autoencoder on MNIST (the Keras blog's): the input is the digit plus Gaussian noise
 * (std 0.5, clipped to [0, 1]), the target is the clean digit, so the network learns to remove
 * noise. Conv 16 - pool - conv 16 - pool (7,7,16), then conv 16 - up - conv 16 - up - conv 1 sigmoid.
 * The run compares the denoised test digits with the noisy ones (the error of doing nothing).
 */
public final class DenoisingAutoencoder implements Example {
    public static final float NOISE_STD = 0.5f;

    public static Model build() {
        Input in = Input.of(28, 28, 1);
        SymbolicTensor x = new Conv2D(16, 3).activation("relu").padding("same").apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = new Conv2D(16, 3).activation("relu").padding("same").apply(x);
        x = new MaxPooling2D(2).apply(x);                                          // (7, 7, 16)
        x = new Conv2D(16, 3).activation("relu").padding("same").apply(x);
        x = new UpSampling2D(2).apply(x);
        x = new Conv2D(16, 3).activation("relu").padding("same").apply(x);
        x = new UpSampling2D(2).apply(x);
        return new Model(in, new Conv2D(1, 3).activation("sigmoid").padding("same").apply(x));
    }

    /** x + N(0, std²) noise, clipped to [0, 1]. */
    public static Tensor addNoise(Tensor x, float std, long seed) {
        return x.add(Tensor.normal(seed, 0f, std, x.shape().dims())).clamp(0f, 1f).detach();
    }

    @Override
    public String name() {
        return "denoising-autoencoder";
    }

    @Override
    public String description() {
        return "denoising conv autoencoder on MNIST (Gaussian noise in, clean digits out); results to PNG";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(4000), 500);
        Tensor clean = mnist.data().train().features(), cleanTest = mnist.data().test().features();
        Tensor noisy = addNoise(clean, NOISE_STD, o.seed()), noisyTest = addNoise(cleanTest, NOISE_STD, o.seed() + 1);
        Model model = build();
        model.seed(o.seed());
        model.compile("adam", "binary_crossentropy");
        if (o.verbose()) o.out().println(model.summary());
        model.fit(noisy, clean, Runs.fit(o, o.epochsOr(3), 32));

        Tensor denoised = model.predict(noisyTest, 256);
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("denoised_mse", Runs.mse(denoised, cleanTest));
        metrics.put("noisy_input_mse", Runs.mse(noisyTest, cleanTest));
        metrics.put("params", (float) model.countParams());
        Path png = ImageGrid.save(Tensor.concat(List.of(Runs.rows(noisyTest, 0, 12), Runs.rows(denoised, 0, 12), Runs.rows(cleanTest, 0, 12)), 0),
                12, 2, Runs.output(o, "denoising-autoencoder.png"));
        o.out().println("Rows: noisy test digits, denoised, clean.");
        return new Result(name(), mnist.source() + ", Gaussian noise std " + NOISE_STD, metrics, List.of(png), Runs.secondsSince(start));
    }
}
