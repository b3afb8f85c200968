package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.neurite.Neurite;
import org.neurite.analysis.health.GradientHealth;
import org.neurite.analysis.health.HealthReport;
import org.neurite.autograd.Autograd;
import org.neurite.data.TrainTest;
import org.neurite.data.CsvTable;
import org.neurite.data.Dataset;
import org.neurite.data.ImageFolder;
import org.neurite.data.TablePreprocessing;
import org.neurite.data.TextVectorizer;
import org.neurite.data.SampleSource;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.metrics.ClassificationReport;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.ModelLayer;
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

    /** The README's evaluation example: epoch metrics by name, then the per-class report of the test set. */
    public static ClassificationReport evaluation(Model model, TrainTest mnist) {
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy", "f1_score", "sparse_top_k_categorical_accuracy");
        model.fit(mnist.train().features(), mnist.train().targets(), new FitConfig().epochs(1).batchSize(64).verbose(0));
        ClassificationReport report = model.evaluateReport(mnist.test().features(), mnist.test().targets(), mnist.classNames());
        System.out.print(report);   // scikit-learn's classification_report table, then the confusion matrix
        return report;
    }

    /** The README's image-folder snippet: {training, validation} of {@code root/<class>/*.png}. */
    public static Dataset[] imageFolder(Path root) throws IOException {
        ImageFolder.Split photos = ImageFolder.split(root,       // root/<class>/*.png|jpg|jpeg|bmp|gif
                ImageFolder.options().imageSize(64, 64).validationSplit(0.2, 42));
        Dataset train = Dataset.from(photos.training()), val = Dataset.from(photos.validation());
        return new Dataset[] {train, val};
    }

    /** The README's table snippet: an MLP for the {@code species} column of {@code csv}, with its preprocessing. */
    public static Sequential table(Path csv) throws IOException {
        CsvTable.Split rows = CsvTable.read(csv).split(0.2, 42);
        TablePreprocessing prep = TablePreprocessing.fit(rows.train(),   // learned on the training rows only
                new TablePreprocessing.Options("species").missing(TablePreprocessing.Missing.FILL_MEAN));
        Dataset train = Dataset.from(prep.transform(rows.train()));
        Dataset test = Dataset.from(prep.transform(rows.test()));
        Sequential model = new Sequential(Input.of(prep.featureSize()), new Dense(32, "relu"),
                new Dense(prep.classNames().size(), "softmax"));
        model.preprocessor(prep);   // saved in the model file: predict applies the same transform
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(train.features(), train.targets(), new FitConfig().epochs(30).verbose(0));
        return model;
    }

    /** The README's text snippet: token-index sequences of {@code reviews} with their labels. */
    public static Dataset text(List<String> reviews, int[] labels) {
        TextVectorizer words = TextVectorizer.adapt(reviews, 8000, 96);  // Keras TextVectorization rules
        Dataset text = Dataset.from(words.source(reviews, labels));       // (N, 96) token ids, 0 = padding
        return text;
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
