package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.neurite.data.Cifar10;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;
import org.neurite.data.Mnist;
import org.neurite.data.TimeSeriesCsv;
import org.neurite.data.TrainTest;
import org.neurite.datasets.MnistSubset;
import org.neurite.tensor.Tensor;

/**
 * Where the examples get their data: the folder given with {@code --data}, else the shared data
 * sets folder ({@link DatasetPaths}), else what ships in the jar (the MNIST subset) or synthetic
 * data. Every loader says which in {@link Loaded#source()}.
 */
public final class ExampleData {
    private ExampleData() {}

    /** Data and a sentence naming where it came from. */
    public record Loaded(TrainTest data, String source) {}

    /** A series and where it came from. */
    public record Series(float[] values, String source) {}

    /** The first {@code trainLimit} / {@code testLimit} MNIST digits, images (N, 28, 28, 1) in [0, 1]. */
    public static Loaded mnist(ExampleOptions o, int trainLimit, int testLimit) throws IOException {
        Path dir = o.dataDir().orElse(DatasetPaths.resolve("mnist"));
        if (o.dataDir().isPresent() || Files.isDirectory(dir)) {
            TrainTest t = Mnist.load(dir, trainLimit, testLimit, Mnist.DIGIT_CLASS_NAMES);
            return new Loaded(t, "MNIST from " + dir.toAbsolutePath().normalize() + " (first " + t.train().size() + " train / " + t.test().size() + " test)");
        }
        TrainTest sub = MnistSubset.load();
        TrainTest t = new TrainTest(sub.train().take(trainLimit), sub.test().take(testLimit), sub.classNames());
        return new Loaded(t, "embedded MNIST subset (" + t.train().size() + " train / " + t.test().size() + " test; "
                + DatasetPaths.describeSearch() + ")");
    }

    /**
     * The first CIFAR-10 images, (N, 32, 32, 3) in [0, 1]; without the data set, a synthetic
     * 10-class stand-in (each class a colour and the position of a bright square, on noise).
     */
    public static Loaded cifar10(ExampleOptions o, int trainLimit, int testLimit) throws IOException {
        Path dir = o.dataDir().orElse(DatasetPaths.resolve("cifar-10"));
        if (o.dataDir().isPresent() || Files.isDirectory(dir)) {
            TrainTest t = new TrainTest(Cifar10.loadTrain(dir, trainLimit), Cifar10.loadTest(dir, testLimit), Cifar10.classNames(dir));
            return new Loaded(t, "CIFAR-10 from " + dir.toAbsolutePath().normalize() + " (first " + t.train().size() + " train / " + t.test().size() + " test)");
        }
        TrainTest t = new TrainTest(syntheticCifar(trainLimit, o.seed()), syntheticCifar(testLimit, o.seed() + 1), Cifar10.DEFAULT_CLASS_NAMES);
        return new Loaded(t, "SYNTHETIC 10-class colour images (CIFAR-10 not found; " + DatasetPaths.describeSearch() + ")");
    }

    /**
     * A univariate series: {@code --data} names a CSV file (first column dates, second values) or a
     * folder holding {@code sunspots-monthly.csv}; default the shared monthly sunspot numbers;
     * without them a noisy sine.
     */
    public static Series series(ExampleOptions o, String defaultFile) throws IOException {
        Path p = o.dataDir().orElse(DatasetPaths.resolve("timeseries"));
        if (Files.isDirectory(p)) p = p.resolve(defaultFile);
        if (o.dataDir().isPresent() || Files.isRegularFile(p)) {
            TimeSeriesCsv.Series s = TimeSeriesCsv.read(p);
            return new Series(s.values(), s.valueColumn() + " from " + p.toAbsolutePath().normalize() + " (" + s.size() + " values, "
                    + s.dates().get(0) + " .. " + s.dates().get(s.size() - 1) + ")");
        }
        SplittableRandom r = new SplittableRandom(o.seed());
        float[] v = new float[2000];
        for (int i = 0; i < v.length; i++) v[i] = (float) (50 + 40 * Math.sin(2 * Math.PI * i / 60.0) + 8 * Tensor.gaussian(r));
        return new Series(v, "SYNTHETIC noisy sine, 2000 values (" + defaultFile + " not found; " + DatasetPaths.describeSearch() + ")");
    }

    /** n synthetic 32x32 RGB images of 10 classes: class colour plus a bright square at a class position, on noise. */
    static Dataset syntheticCifar(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 32 * 32 * 3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(10);
            y[i] = c;
            float[] colour = {(c % 3) / 2f, ((c / 3) % 3) / 2f, c >= 5 ? 0.8f : 0.2f};
            int top = 4 + 12 * (c % 2) + r.nextInt(4), left = 4 + 6 * (c % 3) + r.nextInt(4);
            for (int h = 0; h < 32; h++) {
                for (int w = 0; w < 32; w++) {
                    boolean square = h >= top && h < top + 8 && w >= left && w < left + 8;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = 0.5f * colour[ch] + 0.25f * r.nextFloat() + (square ? 0.3f : 0f);
                        x[((i * 32 + h) * 32 + w) * 3 + ch] = Math.min(1f, v);
                    }
                }
            }
        }
        return new Dataset(Tensor.of(x, n, 32, 32, 3), Tensor.of(y, n));
    }
}
