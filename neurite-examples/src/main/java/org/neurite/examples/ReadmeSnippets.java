package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
import org.neurite.nn.layers.ModelLayer;
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

    /** A frozen model used as one layer of another (transfer learning). */
    public static Model transferLearning() {
        Sequential base = new Sequential(Input.of(64), new Dense(32, "relu"), new Dense(16, "relu"));
        ModelLayer features = base.asLayer().trainable(false);       // freezes every layer of base
        Input in = Input.of(64);
        Model classifier = new Model(in, new Dense(3, "softmax").apply(features.apply(in)));
        return classifier;
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
}
