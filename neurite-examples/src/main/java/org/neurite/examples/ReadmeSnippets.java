package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.neurite.analysis.health.GradientHealth;
import org.neurite.analysis.health.HealthReport;
import org.neurite.autograd.Autograd;
import org.neurite.data.SampleSource;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.preprocessing.Normalization;
import org.neurite.nn.layers.preprocessing.RandomFlip;
import org.neurite.nn.layers.preprocessing.RandomTranslation;
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

    /** The README's streaming example: augmentation and normalization layers, fit on sample sources with prefetch. */
    public static History fitOnSource(SampleSource train, SampleSource validation) {
        Sequential model = new Sequential(
                Input.of(train.featureShape().dims()),
                new RandomFlip("horizontal"),              // augmentation: active in training only
                new RandomTranslation(0.1, 0.1),
                new Normalization().adapt(train),          // per-channel mean and variance, saved with the model
                new Conv2D(8, 3).activation("relu"),
                new GlobalAveragePooling2D(),
                new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(train, validation,
                new FitConfig().epochs(2).batchSize(32).loaderThreads(2).verbose(0)); // 2 threads decode ahead
        System.out.println(history.get("data_wait"));     // share of each epoch spent waiting for data
        return history;
    }
}
