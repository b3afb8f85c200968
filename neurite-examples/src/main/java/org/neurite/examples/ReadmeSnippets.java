package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.neurite.Neurite;
import org.neurite.analysis.health.GradientHealth;
import org.neurite.analysis.health.HealthReport;
import org.neurite.autograd.Autograd;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.training.Batches;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** The README's shorter snippets, compiled here and run by a test so they cannot go stale. */
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    public static Model residualBlock() {
        Input in = Input.of(32, 32, 16);
        SymbolicTensor t = new Conv2D(16, 3).padding("same").activation("relu").apply(in);
        t = new Conv2D(16, 3).padding("same").apply(t);
        Model block = new Model(in, new Activation("relu").apply(new Add().apply(t, in)));
        return block;
    }

    /** Returns {dy, d2y} at x = 2. */
    public static float[] derivatives() {
        Tensor x = Tensor.vector(2f).requiresGrad(true);
        Tensor y = x.pow(3f).add(x.mul(x));                        // x^3 + x^2
        Tensor dy = Autograd.grad(y.sum(), List.of(x), true).get(0);  // 3x^2 + 2x = 16
        Tensor d2y = Autograd.grad(dy.sum(), List.of(x), false).get(0); // 6x + 2 = 14
        return new float[] {dy.item(), d2y.item()};
    }

    /** The README's gradient-health example: trains a compiled model while watching it, prints and saves the report. */
    public static HealthReport gradientHealth(Model model, Tensor x, Tensor y, Path html) throws IOException {
        GradientHealth health = new GradientHealth().every(10).probe(Batches.rows(x, 0, 128));
        model.fit(x, y, new FitConfig().epochs(20).batchSize(32).verbose(0).callbacks(health));
        HealthReport report = health.report();
        System.out.println(report.text());   // the flags, then one row per layer
        report.writeHtml(html);              // tables, plots (with neurite-plot on the class path), CSVs
        return report;
    }

    /** What {@link #kerasCalls} computed, for its test. */
    public record KerasCalls(Sequential model, List<Tensor> weights, Tensor maps, Map<String, Float> scores) {}

    /** The README's Keras-calls example: names, weights, a feature extractor, class and sample weights. */
    public static KerasCalls kerasCalls(Tensor images, Tensor labels, Tensor sampleWeight) {
        Neurite.clearSession();                        // Keras' clear_session(): auto-names start again
        Sequential model = new Sequential(
                Input.of(28, 28, 1),
                new Conv2D(8, 3).activation("relu"),   // named conv2d
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");

        List<Tensor> weights = model.getWeights();     // Keras layouts: (3, 3, 1, 8), (8,), (1352, 10), (10,)
        Model features = new Model(model.inputs(), model.getLayer("conv2d").output());  // shares the weights

        model.fit(images, labels, new FitConfig().epochs(1).classWeight(Map.of(1, 5f)));  // class 1 counts 5 times
        Tensor maps = features.predict(images);        // (N, 26, 26, 8), from the trained conv2d
        Map<String, Float> scores = model.evaluate(images, labels, 32, sampleWeight);  // each loss times its weight
        model.setWeights(weights);                     // back to the weights before fit
        return new KerasCalls(model, weights, maps, scores);
    }
}
