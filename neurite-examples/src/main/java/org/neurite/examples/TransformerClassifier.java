package org.neurite.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.data.Dataset;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.TransformerEncoder;

/**
 * A small Transformer encoder classifier on a synthetic sequence task: sequences of
 * {@value #LENGTH} tokens, each holding token 1 once, token 2 once and other tokens (3 to
 * {@value #VOCAB}-1) elsewhere; label 1 when the 1 comes before the 2, else 0 (half each). Both
 * classes have the same token counts, so a bag of words cannot separate them: the model needs
 * the positions (learned position embeddings) of the tokens.
 *
 * <pre>
 * (16) token ids -> embedding 32 + learned position embedding -> Transformer encoder
 *   (4 heads, feed-forward 64) -> global average pooling over time -> dense 2 softmax
 * </pre>
 */
public final class TransformerClassifier implements Example {
    public static final int LENGTH = 16;
    public static final int VOCAB = 8;

    public static Sequential build() {
        return new Sequential(
                Input.of(LENGTH),
                new Embedding(VOCAB, 32),
                new PositionEmbedding(LENGTH),
                new TransformerEncoder(64, 4),
                new GlobalAveragePooling1D(),
                new Dense(2, "softmax"));
    }

    /** n sequences and labels: 1 if token 1 comes before token 2, else 0 (alternating classes). */
    public static Dataset task(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * LENGTH], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < LENGTH; t++) x[i * LENGTH + t] = 3 + r.nextInt(VOCAB - 3);
            int a = r.nextInt(LENGTH), b = r.nextInt(LENGTH - 1);
            if (b >= a) b++;                                  // two different positions, a < b
            if (a > b) { int t = a; a = b; b = t; }
            y[i] = i % 2;
            x[i * LENGTH + a] = y[i] == 1 ? 1 : 2;             // first of the two
            x[i * LENGTH + b] = y[i] == 1 ? 2 : 1;
        }
        return new Dataset(org.neurite.tensor.Tensor.of(x, n, LENGTH), org.neurite.tensor.Tensor.of(y, n));
    }

    @Override
    public String name() {
        return "transformer";
    }

    @Override
    public String description() {
        return "Transformer encoder classifier on a synthetic order task (does token 1 come before token 2?)";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        Dataset train = task(o.samplesOr(3000), o.seed()), test = task(1000, o.seed() + 1);
        Sequential model = build();
        model.seed(o.seed());
        model.compile(new org.neurite.nn.optimizers.Adam(2e-3f), new org.neurite.nn.losses.SparseCategoricalCrossentropy(false),
                new org.neurite.nn.metrics.Accuracy());
        if (o.verbose()) o.out().println(model.summary());
        model.fit(train.features(), train.targets(), Runs.fit(o, o.epochsOr(8), 32));
        Map<String, Float> eval = model.evaluate(test.features(), test.targets(), 256);
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", eval.get("accuracy"));
        metrics.put("test_loss", eval.get("loss"));
        metrics.put("chance_accuracy", 0.5f);
        metrics.put("params", (float) model.countParams());
        return new Result(name(), "SYNTHETIC token sequences (" + train.size() + " train / " + test.size() + " test)", metrics, List.of(),
                Runs.secondsSince(start));
    }
}
