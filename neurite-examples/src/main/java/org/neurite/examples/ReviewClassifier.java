package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.data.CsvTable;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;
import org.neurite.data.TextVectorizer;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.TransformerEncoder;

/**
 * Text classification on real reviews: the Amazon fine-food sample (4,000 training and 1,000 test
 * reviews; is the review a 5-star one, "great", or not, "other"). A {@link TextVectorizer} (Keras'
 * {@code TextVectorization}: lower-case, strip punctuation, split on spaces, the most frequent
 * {@value #MAX_TOKENS} tokens, first {@value #LENGTH} of each review) is adapted on the training
 * reviews only; two models are trained on the token indices:
 *
 * <pre>
 * LSTM:        (LENGTH) ids -> embedding 32 -> LSTM 32 -> dense 2 softmax
 * Transformer: (LENGTH) ids -> embedding 32 + learned positions -> Transformer encoder (4 heads, ff 64)
 *              -> global average pooling -> dense 2 softmax
 * </pre>
 * Reported next to the majority class ("great" for every review).
 */
public final class ReviewClassifier implements Example {
    public static final int MAX_TOKENS = 8000;
    public static final int LENGTH = 96;

    @Override
    public String name() {
        return "text-reviews";
    }

    @Override
    public String description() {
        return "Embedding + LSTM and a Transformer classifier on real text: Amazon fine-food reviews, 5 stars or not";
    }

    /** The reviews and labels of one CSV file ({@code review}, {@code score} = great/other), label 1 = great. */
    static List<String> texts(CsvTable t) {
        int c = t.column("review");
        List<String> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) out.add(t.get(i, c).replace("<br />", " "));
        return out;
    }

    static int[] labels(CsvTable t) {
        int c = t.column("score");
        int[] y = new int[t.size()];
        for (int i = 0; i < y.length; i++) {
            String s = t.get(i, c);
            if (!s.equals("great") && !s.equals("other")) throw new IllegalArgumentException(t.where(i) + ": score \"" + s + "\" is neither great nor other");
            y[i] = s.equals("great") ? 1 : 0;
        }
        return y;
    }

    public static Sequential lstm(int vocabulary) {
        return new Sequential(Input.of(LENGTH), new Embedding(vocabulary, 32), new LSTM(32), new Dense(2, "softmax"));
    }

    public static Sequential transformer(int vocabulary) {
        return new Sequential(Input.of(LENGTH), new Embedding(vocabulary, 32), new PositionEmbedding(LENGTH), new TransformerEncoder(64, 4),
                new GlobalAveragePooling1D(), new Dense(2, "softmax"));
    }

    @Override
    public Result run(ExampleOptions o) throws IOException {
        long start = System.nanoTime();
        Path dir = o.dataDir().orElse(DatasetPaths.resolve("amazon-fine-foods"));
        if (!Files.isRegularFile(dir.resolve("train.csv"))) throw new IOException(dir.resolve("train.csv") + ": not found (" + DatasetPaths.describeSearch() + ")");
        CsvTable trainTable = CsvTable.read(dir.resolve("train.csv")), testTable = CsvTable.read(dir.resolve("test.csv"));
        // --samples N (for quick runs) keeps the first N training and the first N test reviews
        List<String> trainTexts = texts(trainTable), testTexts = texts(testTable);
        int n = Math.min(o.samplesOr(trainTexts.size()), trainTexts.size()), m = Math.min(o.samplesOr(testTexts.size()), testTexts.size());
        trainTexts = trainTexts.subList(0, n);
        TextVectorizer vectorizer = TextVectorizer.adapt(trainTexts, MAX_TOKENS, LENGTH);
        Dataset train = Dataset.from(vectorizer.source(trainTexts, java.util.Arrays.copyOf(labels(trainTable), n)));
        Dataset test = Dataset.from(vectorizer.source(testTexts.subList(0, m), java.util.Arrays.copyOf(labels(testTable), m)));

        Map<String, Float> metrics = new LinkedHashMap<>();
        int epochs = o.epochsOr(4);
        for (String kind : List.of("lstm", "transformer")) {
            Sequential model = kind.equals("lstm") ? lstm(vectorizer.vocabularySize()) : transformer(vectorizer.vocabularySize());
            model.preprocessor(vectorizer);
            model.seed(o.seed());
            model.compile(new org.neurite.nn.optimizers.Adam(2e-3f), new org.neurite.nn.losses.SparseCategoricalCrossentropy(false),
                    new org.neurite.nn.metrics.Accuracy());
            if (o.verbose()) o.out().println(model.summary());
            model.fit(train.features(), train.targets(), Runs.fit(o, epochs, 32));
            Map<String, Float> eval = model.evaluate(test.features(), test.targets(), 256);
            metrics.put(kind + "_test_accuracy", eval.get("accuracy"));
            metrics.put(kind + "_params", (float) model.countParams());
        }
        int great = 0;
        for (float y : test.targets().data()) if (y == 1) great++;
        metrics.put("majority_class_accuracy", (float) great / test.size());
        metrics.put("vocabulary", (float) vectorizer.vocabularySize());
        return new Result(name(), dir + " (" + train.size() + " train / " + test.size() + " test reviews)", metrics, List.of(), Runs.secondsSince(start));
    }
}
