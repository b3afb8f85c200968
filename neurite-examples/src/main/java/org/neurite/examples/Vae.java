package org.neurite.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.Reshape;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/**
 * A variational autoencoder on MNIST (Kingma and Welling 2013; the keras.io VAE, with dense
 * layers) with a 2-d latent space:
 *
 * <pre>
 * encoder: (28,28,1) flatten 784 -> dense 256 relu -> mu (2), logVar (2)
 * sampling: z = mu + exp(logVar / 2) * eps, eps ~ N(0, 1); adds KL(N(mu, exp logVar) || N(0, 1)) via addLoss
 * decoder: z (2) -> dense 256 relu -> dense 784 sigmoid -> reshape (28,28,1)
 * loss = sum over the 784 pixels of the binary cross-entropy (mean over the batch) + KL
 * </pre>
 * The decoder is its own model, used as a block of the VAE, so that after training it turns a
 * grid of latent points into digits: the run saves that 2-d manifold as a PNG.
 */
public final class Vae implements Example {
    public static final int LATENT = 2;

    /** The decoder alone and the whole VAE (which trains the decoder's layers). */
    public record Models(Model decoder, Model vae) {}

    public static Models build() {
        Input latent = Input.of(LATENT);
        SymbolicTensor d = new Dense(256, "relu").apply(latent);
        d = new Dense(28 * 28, "sigmoid").apply(d);
        Model decoder = new Model(latent, new Reshape(28, 28, 1).apply(d)).name("decoder");

        Input image = Input.of(28, 28, 1);
        SymbolicTensor h = new Dense(256, "relu").apply(new Flatten().apply(image));
        SymbolicTensor mu = new Dense(LATENT).name("z_mean").apply(h);
        SymbolicTensor logVar = new Dense(LATENT).name("z_log_var").apply(h);
        SymbolicTensor z = new Sampling().klWeight(1f).apply(mu, logVar);
        Model vae = new Model(image, decoder.apply(z)).name("vae");
        return new Models(decoder, vae);
    }

    /** Binary cross-entropy summed over the pixels of an image, averaged over the batch. */
    public static final Loss RECONSTRUCTION = Loss.of("reconstruction_bce",
            (y, p) -> new BinaryCrossentropy().compute(y, p).mul(28 * 28));

    @Override
    public String name() {
        return "vae";
    }

    @Override
    public String description() {
        return "variational autoencoder (2-d latent, Sampling layer + KL) on MNIST; latent manifold to PNG";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(6000), 1000);
        Tensor train = mnist.data().train().features(), test = mnist.data().test().features();
        Models m = build();
        m.vae().seed(o.seed());
        m.vae().compile(new Adam(1e-3f), RECONSTRUCTION);
        if (o.verbose()) o.out().println(m.vae().summary());
        float before = m.vae().evaluate(test, test, 256).get("loss");
        History history = m.vae().fit(train, train, Runs.fit(o, o.epochsOr(5), 64));
        float after = m.vae().evaluate(test, test, 256).get("loss");

        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_loss_untrained", before);
        metrics.put("train_loss_first_epoch", history.get("loss").get(0));
        metrics.put("train_loss_last_epoch", history.last("loss"));
        metrics.put("test_loss", after);
        Path png = ImageGrid.save(m.decoder().predict(latentGrid(12, 2f)), 12, 1, Runs.output(o, "vae-manifold.png"));
        o.out().println("The PNG decodes a 12x12 grid of latent points in [-2, 2]^2.");
        return new Result(name(), mnist.source(), metrics, List.of(png), Runs.secondsSince(start));
    }

    /** n x n latent points evenly spaced in [-range, range]^2, row by row: (n·n, 2). */
    static Tensor latentGrid(int n, float range) {
        float[] z = new float[n * n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                z[(i * n + j) * 2] = -range + 2 * range * j / (n - 1);
                z[(i * n + j) * 2 + 1] = range - 2 * range * i / (n - 1);
            }
        }
        return Tensor.of(z, n * n, 2);
    }
}
