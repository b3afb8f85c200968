package com.example;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/**
 * What a service built on Neurite does first: a small classifier on data it makes itself (two
 * Gaussian blobs), trained, summarised and evaluated. Exits non-zero if it did not learn.
 */
public final class Consumer {
    public static void main(String[] args) {
        int n = 512;
        float[] x = new float[n * 2];
        float[] y = new float[n];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            y[i] = label;
            x[2 * i] = (float) (random.nextGaussian() * 0.5 + (label == 0 ? -1 : 1));
            x[2 * i + 1] = (float) (random.nextGaussian() * 0.5 + (label == 0 ? 1 : -1));
        }
        Tensor features = Tensor.of(x, n, 2);
        Tensor targets = Tensor.of(y, n, 1);

        Sequential model = new Sequential(Input.of(2), new Dense(8, "relu"), new Dense(1, "sigmoid"));
        model.seed(1);  // the same initial weights on every run
        model.compile("adam", "binary_crossentropy", "accuracy");
        model.printSummary();
        model.fit(features, targets, new FitConfig().epochs(40).batchSize(32).seed(1).verbose(2));
        Map<String, Float> result = model.evaluate(features, targets);
        System.out.printf("consumer: accuracy %.3f on two Gaussian blobs%n", result.get("accuracy"));
        if (result.get("accuracy") < 0.9f) {
            System.exit(1);
        }
    }
}
