package org.neurite.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.LeakyReLU;
import org.neurite.nn.layers.Reshape;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/**
 * A DCGAN-style generative adversarial network on MNIST (Radford et al. 2015, in the Keras 2
 * recipe): two models and two optimizers, trained in turn with {@code trainOnBatch}.
 *
 * <pre>
 * generator:     z (32) -> dense 7·7·32 -> leaky relu -> reshape (7,7,32)
 *                -> conv-transpose 32 4x4 /2 (14,14,32) -> leaky relu
 *                -> conv-transpose 16 4x4 /2 (28,28,16) -> leaky relu -> conv 1 3x3 sigmoid (28,28,1)
 * discriminator: (28,28,1) -> conv 16 3x3 /2 -> leaky relu -> conv 32 3x3 /2 -> leaky relu
 *                -> flatten -> dropout 0.3 -> dense 1 sigmoid (probability "real")
 * gan:           z -> generator -> discriminator, the discriminator frozen
 * </pre>
 * Each step: the discriminator learns on a batch of real digits (label 1) and generated ones
 * (label 0); then the generator learns, through the frozen discriminator, to make it answer 1.
 */
public final class Dcgan implements Example {
    public static final int LATENT = 32;

    /** The three models of the recipe. */
    public record Models(Model generator, Model discriminator, Model gan) {}

    public static Sequential generator() {
        return new Sequential(
                Input.of(LATENT),
                new Dense(7 * 7 * 32),
                new LeakyReLU(0.2),
                new Reshape(7, 7, 32),
                new Conv2DTranspose(32, 4).strides(2).padding("same"),
                new LeakyReLU(0.2),
                new Conv2DTranspose(16, 4).strides(2).padding("same"),
                new LeakyReLU(0.2),
                new Conv2D(1, 3).padding("same").activation("sigmoid"));
    }

    public static Sequential discriminator() {
        return new Sequential(
                Input.of(28, 28, 1),
                new Conv2D(16, 3).strides(2).padding("same"),
                new LeakyReLU(0.2),
                new Conv2D(32, 3).strides(2).padding("same"),
                new LeakyReLU(0.2),
                new Flatten(),
                new Dropout(0.3),
                new Dense(1, "sigmoid"));
    }

    /** Compiles the discriminator, then freezes it inside the combined model (Keras 2 order). */
    public static Models build(long seed) {
        Sequential generator = generator(), discriminator = discriminator();
        generator.seed(seed);
        discriminator.seed(seed + 1);
        discriminator.compile(new Adam(2e-4f, 0.5f, 0.999f, 1e-7f), org.neurite.nn.losses.Losses.get("binary_crossentropy"));
        discriminator.trainable(false);
        Input z = Input.of(LATENT);
        Model gan = new Model(z, discriminator.apply(generator.apply(z))).name("gan");
        gan.compile(new Adam(2e-4f, 0.5f, 0.999f, 1e-7f), org.neurite.nn.losses.Losses.get("binary_crossentropy"));
        return new Models(generator, discriminator, gan);
    }

    @Override
    public String name() {
        return "gan";
    }

    @Override
    public String description() {
        return "DCGAN-style GAN (Conv2DTranspose generator, conv discriminator) on MNIST; sample grid to PNG";
    }

    /** Epochs here are passes over the training images, {@code samples / batch} steps each. */
    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        int batch = 32;
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(3200), 100);
        Tensor real = mnist.data().train().features();
        Models m = build(o.seed());
        if (o.verbose()) {
            o.out().println(m.generator().summary());
            o.out().println(m.discriminator().summary());
        }
        Tensor fixedNoise = Tensor.normal(o.seed() + 7, 0f, 1f, 64, LATENT);
        float fakeMeanBefore = m.generator().predict(fixedNoise).mean().item();
        Tensor ones = Tensor.ones(batch, 1), zeros = Tensor.zeros(batch, 1);
        Tensor dLabels = Tensor.concat(List.of(ones, zeros), 0);

        int epochs = o.epochsOr(4), steps = real.dim(0) / batch;
        float dLoss = Float.NaN, gLoss = Float.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = org.neurite.data.BatchStream.permutation(real.dim(0), o.seed() + epoch);
            double dSum = 0, gSum = 0;
            for (int s = 0; s < steps; s++) {
                Tensor realBatch = gather(real, order, s * batch, batch);
                Tensor noise = Tensor.normal(o.seed() * 1_000_003L + epoch * 10_007L + s, 0f, 1f, batch, LATENT);
                Tensor fake = m.generator().predict(noise, batch);
                dLoss = m.discriminator().trainOnBatch(Tensor.concat(List.of(realBatch, fake), 0), dLabels).get("loss");
                gLoss = m.gan().trainOnBatch(noise, ones).get("loss");   // the generator wants "real"
                dSum += dLoss;
                gSum += gLoss;
            }
            if (o.verbose()) o.out().printf("epoch %d/%d: %d steps, discriminator loss %.4f, generator loss %.4f%n", epoch + 1, epochs, steps, dSum / steps, gSum / steps);
        }

        Tensor samples = m.generator().predict(fixedNoise);
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("discriminator_loss", dLoss);
        metrics.put("generator_loss", gLoss);
        metrics.put("real_mean_intensity", real.mean().item());
        metrics.put("fake_mean_intensity_untrained", fakeMeanBefore);
        metrics.put("fake_mean_intensity", samples.mean().item());
        Path png = ImageGrid.save(samples, 8, 2, Runs.output(o, "gan-samples.png"));
        return new Result(name(), mnist.source(), metrics, List.of(png), Runs.secondsSince(start));
    }

    /** Rows order[from .. from+n) of x. */
    static Tensor gather(Tensor x, int[] order, int from, int n) {
        int row = x.size() / x.dim(0);
        float[] out = new float[n * row];
        for (int i = 0; i < n; i++) System.arraycopy(x.data(), order[from + i] * row, out, i * row, row);
        int[] dims = x.shape().dims();
        dims[0] = n;
        return Tensor.of(out, dims);
    }
}
