package org.neurite.dashboard;

import java.util.Random;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** A small, seeded classification fit shared by the dashboard tests: two Gaussian blobs, an MLP, Adam. */
final class TrainingRun {
    static final int SAMPLES = 512, FEATURES = 6;
    final Tensor x, y;
    final Sequential model;

    TrainingRun() {
        Random r = new Random(11);
        float[] xs = new float[SAMPLES * FEATURES], ys = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            int label = i % 2;
            ys[i] = label;
            for (int j = 0; j < FEATURES; j++) xs[i * FEATURES + j] = (float) r.nextGaussian() + (label == 1 && j < 2 ? 1.5f : 0f);
        }
        x = Tensor.of(xs, SAMPLES, FEATURES);
        y = Tensor.of(ys, SAMPLES, 1);
        model = new Sequential(new Dense(16, "relu").name("hidden_1").inputShape(FEATURES), new Dense(8, "tanh").name("hidden_2"),
                new Dense(1, "sigmoid").name("output"));
        model.seed(5);
        model.compile(new org.neurite.nn.optimizers.Adam(0.01f), new org.neurite.nn.losses.BinaryCrossentropy(), new Accuracy());
    }

    /** A probe batch: the first 64 samples. */
    Tensor probe() {
        return x.slice(0, 0, 64);
    }

    History fit(int epochs, Callback... callbacks) {
        return model.fit(x, y, new FitConfig().epochs(epochs).batchSize(32).validationSplit(0.25f).seed(3).verbose(0).callbacks(callbacks));
    }
}
