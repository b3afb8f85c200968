package org.neurite.bench.data;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.data.Cifar10;
import org.neurite.data.Dataset;
import org.neurite.data.SampleSource;
import org.neurite.examples.ResNet;
import org.neurite.nn.Model;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.ModelCheckpoint;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.training.FitConfig;

/**
 * Hand-run measurements of streaming fit (not part of the test suite):
 * <ul>
 *   <li>{@code heap DIR [epochs]}: a small CNN trained from {@code DIR/train} (validated on
 *       {@code DIR/test}) with checkpoints, logging the heap used after a GC every 200 steps; run
 *       with {@code -Xmx512m} on a folder larger than the heap (see {@link CifarPngFolder});</li>
 *   <li>{@code prefetch DIR threads...}: steps/s of a LeNet-size CNN on {@code DIR/train} for one
 *       epoch per loader-thread count, with the share of time waiting for data;</li>
 *   <li>{@code augment CIFAR_DIR trainSamples epochs seed [plain|augmented|augmented-nearest|both]}: the ResNet example with and without
 *       RandomFlip + RandomTranslation, same data, seed and budget; test accuracy on the 10,000 test images.</li>
 * </ul>
 */
public final class StreamingRuns {
    private StreamingRuns() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "heap" -> heap(dir, args.length > 2 ? Integer.parseInt(args[2]) : 1);
            case "prefetch" -> {
                for (int i = 2; i < args.length; i++) prefetch(dir, Integer.parseInt(args[i]));
            }
            case "augment" -> augment(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args.length > 5 ? args[5] : "both");
            default -> throw new IllegalArgumentException("usage: StreamingRuns heap DIR [epochs] | prefetch DIR threads... | augment CIFAR_DIR train epochs seed [plain|augmented|augmented-nearest|both]");
        }
    }

    private static void heap(Path dir, int epochs) throws Exception {
        SampleSource train = new PngFolderSource(dir.resolve("train")), test = new PngFolderSource(dir.resolve("test"));
        long floats = (long) train.size() * train.featureShape().size();
        System.out.printf(Locale.ROOT, "%s: %,d floats = %.2f GB as float32; max heap %.0f MB%n", train, floats, floats * 4 / 1e9,
                Runtime.getRuntime().maxMemory() / 1e6);
        Sequential model = new Sequential(
                new Conv2D(8, 3).strides(2).padding("same").activation("relu").inputShape(64, 64, 3),
                new MaxPooling2D(2),
                new Conv2D(16, 3).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(10, "softmax"));
        model.seed(1);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Path checkpoint = Files.createTempDirectory("neurite-heap").resolve("best.neurite");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long start = System.nanoTime();
        Callback heapLog = new Callback() {
            int step;

            @Override
            public void onBatchEnd(int batch, Map<String, Float> logs) {
                if (++step % 200 == 0) {
                    System.gc();
                    System.out.printf(Locale.ROOT, "step %5d  %6.1f s  heap used after GC %6.1f MB  loss %.4f%n", step,
                            (System.nanoTime() - start) / 1e9, memory.getHeapMemoryUsage().getUsed() / 1e6, logs.get("loss"));
                }
            }
        };
        History h = model.fit(train, test, new FitConfig().epochs(epochs).batchSize(64).seed(3).verbose(2)
                .callbacks(heapLog, new ModelCheckpoint(checkpoint, "val_accuracy", true)));
        System.out.println(h);
        System.out.printf(Locale.ROOT, "checkpoint %s: %,d bytes; %.1f s total%n", checkpoint, Files.size(checkpoint), (System.nanoTime() - start) / 1e9);
    }

    private static void augment(Path cifar, int samples, int epochs, long seed, String which) throws Exception {
        Dataset train = Cifar10.loadTrain(cifar, samples), test = Cifar10.loadTest(cifar, 10_000);
        List<String> variants = which.equals("both") ? List.of("plain", "augmented") : List.of(which);
        for (String variant : variants) {
            boolean augmented = !variant.equals("plain");
            Model model = variant.equals("augmented-nearest") ? nearestShifts() : ResNet.build(augmented);
            model.seed(seed);
            model.compile(new Adam(2e-3f), new SparseCategoricalCrossentropy(false), new Accuracy());
            long start = System.nanoTime();
            History h = model.fit(train, new FitConfig().epochs(epochs).batchSize(32).seed(seed).verbose(2));
            Map<String, Float> result = model.evaluate(test, 256);
            System.out.printf(Locale.ROOT, "ResNet %s: %d samples x %d epochs, seed %d, %.0f s: train acc %s, test acc %.4f, test loss %.4f%n",
                    variant, samples, epochs, seed, (System.nanoTime() - start) / 1e9, h.get("accuracy"),
                    result.get("accuracy"), result.get("loss"));
        }
    }

    /** The ResNet with whole-pixel shifts (nearest interpolation: no bilinear blur of the training images). */
    private static Model nearestShifts() {
        Model m = ResNet.build(true);
        for (org.neurite.nn.Layer l : m.layers()) {
            if (l instanceof org.neurite.nn.layers.preprocessing.RandomTranslation t) t.interpolation("nearest");
        }
        return m;
    }

    private static void prefetch(Path dir, int threads) throws Exception {
        SampleSource train = new PngFolderSource(dir.resolve("train"));
        Sequential lenet = new Sequential(
                new Conv2D(6, 5).padding("same").activation("relu").inputShape(train.featureShape().dims()),
                new MaxPooling2D(2),
                new Conv2D(16, 5).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(120, "relu"),
                new Dense(84, "relu"),
                new Dense(10, "softmax"));
        lenet.seed(1);
        lenet.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        int batch = 64;
        long start = System.nanoTime();
        History h = lenet.fit(train, new FitConfig().epochs(2).batchSize(batch).seed(3).verbose(0).loaderThreads(threads));
        double seconds = (System.nanoTime() - start) / 1e9;
        int steps = 2 * ((train.size() + batch - 1) / batch);
        System.out.printf(Locale.ROOT, "loaderThreads %d: %d steps in %.1f s = %.1f steps/s; data_wait %s; loss %s%n", threads, steps, seconds,
                steps / seconds, h.get("data_wait"), h.get("loss"));
    }

}
