package org.neurite.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Model;
import org.neurite.nn.callbacks.ProgressBar;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** Small pieces every example uses: the fit configuration, timing, output files. */
final class Runs {
    private Runs() {}

    /** Epochs and batch size with the options' seed, one line per epoch when verbose. */
    static FitConfig fit(ExampleOptions o, int epochs, int batchSize) {
        FitConfig c = new FitConfig().epochs(epochs).batchSize(batchSize).seed(o.seed()).verbose(0);
        if (o.verbose()) c.callbacks(new ProgressBar(o.out(), false, 2));
        return c;
    }

    /**
     * The usual classifier run: Adam, sparse categorical cross-entropy, accuracy; fit on the
     * training part, evaluate on the test part; metrics test_accuracy, test_loss, params.
     */
    static Example.Result classify(Example e, ExampleOptions o, Model model, ExampleData.Loaded data, int epochs, int batchSize, float learningRate) {
        long start = System.nanoTime();
        model.seed(o.seed());
        model.compile(new org.neurite.nn.optimizers.Adam(learningRate), new org.neurite.nn.losses.SparseCategoricalCrossentropy(false),
                new org.neurite.nn.metrics.Accuracy());
        if (o.verbose()) o.out().println(model.summary());
        model.fit(data.data().train().features(), data.data().train().targets(), fit(o, epochs, batchSize));
        Map<String, Float> test = model.evaluate(data.data().test().features(), data.data().test().targets(), 256);
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", test.get("accuracy"));
        metrics.put("test_loss", test.get("loss"));
        metrics.put("params", (float) model.countParams());
        return new Example.Result(e.name(), data.source(), metrics, List.of(), secondsSince(start));
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** {@code <outputDir>/<file>}. */
    static Path output(ExampleOptions o, String file) {
        return o.outputDir().resolve(file);
    }

    /** Mean squared difference of two tensors of the same size. */
    static float mse(Tensor a, Tensor b) {
        float[] x = a.data(), y = b.data();
        if (x.length != y.length) throw new IllegalArgumentException("mse: sizes differ, " + a.shape() + " vs " + b.shape());
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return (float) (s / x.length);
    }

    /** Rows [from, to) of a batch (copied), along the first axis. */
    static Tensor rows(Tensor t, int from, int to) {
        return t.slice(0, from, to).detach();
    }
}
