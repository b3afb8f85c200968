package org.neurite.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.metrics.ClassificationReport;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/**
 * Evaluation beyond accuracy, on real data: LeNet-5 trained briefly on MNIST with its per-class
 * report, then a small MLP on the Wisconsin breast-cancer table with precision, recall and AUC as
 * epoch metrics, the report with the exact ROC AUC, and its test predictions written as CSV (to
 * check them against scikit-learn by hand).
 *
 * <p>Run: {@code java ... org.neurite.examples.EvaluationDemo [PREDICTIONS.csv]}; the data come
 * from {@code ../shared/datasets} (or {@code -Dneurite.datasets}); MNIST falls back to the subset
 * in the jar.
 */
public final class EvaluationDemo {
    private EvaluationDemo() {}

    public static void main(String[] args) throws IOException {
        mnist();
        Path predictions = Path.of(args.length > 0 ? args[0] : "breast-cancer-predictions.csv");
        breastCancer(predictions);
    }

    static void mnist() throws IOException {
        Path dir = DatasetPaths.root().map(r -> r.resolve("mnist")).filter(Files::isDirectory).orElse(null);
        TrainTest mnist = dir == null ? org.neurite.datasets.MnistSubset.load() : Mnist.load(dir, 12_000, 10_000, Mnist.DIGIT_CLASS_NAMES);
        System.out.printf("MNIST: %,d training and %,d test digits%s%n", mnist.train().size(), mnist.test().size(), dir == null ? " (embedded subset)" : " from " + dir);
        Sequential model = LeNet5.build(10);
        model.seed(1);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy", "sparse_top_k_categorical_accuracy");
        model.fit(mnist.train().features(), mnist.train().targets(), new FitConfig().epochs(1).batchSize(64).seed(1));
        ClassificationReport report = model.evaluateReport(mnist.test().features(), mnist.test().targets(), mnist.classNames());
        System.out.println(report);
    }

    static void breastCancer(Path predictionsCsv) throws IOException {
        Path csv = DatasetPaths.resolve("breast-cancer-wisconsin").resolve("breast-cancer-wisconsin.csv");
        if (!Files.isRegularFile(csv)) {
            System.out.println("breast cancer table not found (" + DatasetPaths.describeSearch() + "); skipped");
            return;
        }
        Tensor[] all = readTable(csv);
        int n = all[0].dim(0), features = all[0].dim(1), testSize = n / 5;
        Dataset shuffled = Dataset.of(all[0], all[1]).shuffled(7);
        Dataset train = shuffled.slice(testSize, n), testSet = shuffled.slice(0, testSize);
        Tensor trainX = train.features().copy(), trainY = train.targets();
        Tensor testX = testSet.features().copy(), testY = testSet.targets();
        standardize(trainX, testX, features);

        Sequential model = new Sequential(Input.of(features), new Dense(16, "relu"), new Dense(1, "sigmoid"));
        model.seed(3);
        model.compile("adam", "binary_crossentropy", "accuracy", "precision", "recall", "auc", "pr_auc");
        model.fit(trainX, trainY, new FitConfig().epochs(20).batchSize(32).seed(3).verbose(0));
        Map<String, Float> test = model.evaluate(testX, testY, 32);
        System.out.printf("%nBreast cancer (target 1 = benign): %d training and %d test rows%n", n - testSize, testSize);
        System.out.println("test metrics (accumulated over batches of 32): " + test);
        ClassificationReport report = model.evaluateReport(testX, testY, List.of("malignant", "benign"));
        System.out.println(report);

        Tensor p = model.predict(testX, 64);
        StringBuilder sb = new StringBuilder("label,score\n");
        for (int i = 0; i < testSize; i++) sb.append((int) testY.data()[i]).append(',').append(Float.toString(p.data()[i])).append('\n');
        Files.writeString(predictionsCsv, sb.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote the test predictions to " + predictionsCsv.toAbsolutePath());
    }

    /** The numeric table with its header; the last column is the 0/1 target. */
    private static Tensor[] readTable(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int cols = lines.get(0).split(",").length;
        List<float[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",");
            if (f.length != cols) throw new IOException(csv + " line " + (i + 1) + ": expected " + cols + " fields, got " + f.length);
            float[] r = new float[cols];
            for (int j = 0; j < cols; j++) r[j] = Float.parseFloat(f[j]);
            rows.add(r);
        }
        int n = rows.size(), k = cols - 1;
        float[] x = new float[n * k], y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, x, i * k, k);
            y[i] = rows.get(i)[k];
        }
        return new Tensor[] {Tensor.of(x, n, k), Tensor.of(y, n, 1)};
    }

    /** Scales each column to mean 0 and standard deviation 1 of the training rows, in place. */
    private static void standardize(Tensor train, Tensor test, int k) {
        float[] a = train.data();
        int n = train.dim(0);
        for (int j = 0; j < k; j++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += a[i * k + j];
            mean /= n;
            for (int i = 0; i < n; i++) sq += (a[i * k + j] - mean) * (a[i * k + j] - mean);
            double sd = Math.max(Math.sqrt(sq / n), 1e-12);
            for (Tensor t : new Tensor[] {train, test}) {
                float[] d = t.data();
                for (int i = 0; i < t.dim(0); i++) d[i * k + j] = (float) ((d[i * k + j] - mean) / sd);
            }
        }
    }
}
