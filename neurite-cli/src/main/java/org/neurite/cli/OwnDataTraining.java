package org.neurite.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.neurite.data.CsvTable;
import org.neurite.data.Dataset;
import org.neurite.data.SampleSource;
import org.neurite.data.IndexedSource;
import org.neurite.data.ImageFolder;
import org.neurite.data.ImagePreprocessing;
import org.neurite.data.ImageResize;
import org.neurite.data.TablePreprocessing;
import org.neurite.data.TableSource;
import org.neurite.examples.ExamCifarModel;
import org.neurite.examples.LeNet5;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.ProgressBar;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.metrics.Metric;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * {@code ./neurite train --data} on the user's own data: an image folder (class sub-folders) or a
 * CSV table with {@code --target}. Chooses a default model (a small CNN for images, an MLP for
 * tables), trains, reports the test result next to the trivial baseline, and saves the model with
 * its input preprocessing so that {@code ./neurite predict} loads raw files the same way.
 */
final class OwnDataTraining {
    /** Longest side of the default image size when the images are larger. */
    static final int MAX_DEFAULT_SIDE = 64;

    private OwnDataTraining() {}

    /** The data layout of {@code --data}: what today's loaders read, or an image folder, or a table. */
    enum Layout { MNIST, CIFAR, IMAGE_FOLDER, TABLE }

    static Layout detect(Path data) throws IOException {
        if (Files.isRegularFile(data)) {
            if (data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) return Layout.TABLE;
            throw new Args.UsageException("--data " + data + ": a file must be a .csv table; give a folder for images");
        }
        if (!Files.isDirectory(data)) throw new java.nio.file.NoSuchFileException(data.toString(), null, "--data: no such file or folder");
        try (Stream<Path> s = Files.list(data)) {
            List<Path> entries = s.toList();
            if (entries.stream().anyMatch(p -> p.getFileName().toString().startsWith("train-images-idx3-ubyte"))) return Layout.MNIST;
            if (entries.stream().anyMatch(p -> p.getFileName().toString().startsWith("data_batch_1.bin"))) return Layout.CIFAR;
            if (entries.stream().anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) return Layout.IMAGE_FOLDER;
        }
        throw new Args.UsageException("--data " + data + ": found neither MNIST IDX files, CIFAR-10 binary batches, nor class sub-folders of images");
    }

    /** Options that only some layouts understand are errors elsewhere, never silently ignored. */
    static void checkOptions(Args args, Layout layout) {
        List<String> only = switch (layout) {
            case MNIST, CIFAR -> List.of("test-data", "target", "image-size", "color-mode", "missing");
            case IMAGE_FOLDER -> List.of("target", "missing", "health");
            case TABLE -> List.of("image-size", "color-mode", "health");
        };
        for (String o : only) {
            if (args.has(o)) throw new Args.UsageException("--" + o + " does not apply to --data of this kind (" + layout.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
    }

    // ---------------------------------------------------------------- images

    static int trainImages(Args args, Path root, PrintStream out) throws IOException {
        long seed = args.getInt("seed", 42);
        ImageFolder.ColorMode color = ImageFolder.ColorMode.valueOf(args.get("color-mode", "rgb").toUpperCase(Locale.ROOT));
        int[] size = args.has("image-size") ? parseSize(args.get("image-size", "")) : defaultSize(root);
        ImageFolder.Options o = ImageFolder.options().imageSize(size[0], size[1]).colorMode(color);
        ImageFolder train, test;
        if (args.has("test-data")) {
            train = ImageFolder.open(root, o);
            test = ImageFolder.open(Path.of(args.get("test-data", "")), o);
            if (!test.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("--test-data " + test.root() + " has classes " + test.classNames() + " but --data has " + train.classNames());
            }
        } else {
            ImageFolder.Split s = ImageFolder.split(root, o.validationSplit(0.2, seed));
            train = s.training();
            test = s.validation();
        }
        List<String> classes = train.classNames();
        // Pixels divided by 255 as the MNIST/CIFAR binary loaders do; the divisor is saved with the model.
        float divisor = 255f;
        out.printf("Data: %s: %d classes %s, %,d training and %,d test images (%s), resized to %dx%dx%d%n", root, classes.size(),
                abbreviate(classes), train.size(), test.size(), args.has("test-data") ? "--test-data" : "seeded 80/20 split, seed " + seed,
                size[0], size[1], color.channels());
        // Images are decoded batch by batch while training (never all at once: folders larger than the heap train).
        // Folder order is class by class: with --test-data, shuffle once so that the validation part (the last fraction, as Keras) holds every class.
        int[] order = args.has("test-data") ? org.neurite.data.BatchStream.permutation(train.size(), seed) : IndexedSource.identity(train.size());
        SampleSource tr = new Scaled(new IndexedSource(train, order), divisor), te = new Scaled(test, divisor);
        float[] trainLabels = new float[train.size()], testLabels = new float[test.size()];
        for (int i = 0; i < trainLabels.length; i++) trainLabels[i] = train.label(order[i]);
        for (int i = 0; i < testLabels.length; i++) testLabels[i] = test.label(i);

        String modelName = args.get("model", "small-cnn");
        Sequential model = switch (modelName) {
            case "small-cnn" -> smallCnn(size[0], size[1], color.channels(), classes.size());
            case "exam-cifar" -> ExamCifarModel.build();
            case "lenet5" -> LeNet5.build(classes.size());
            default -> throw new Args.UsageException("--model for an image folder must be small-cnn (default), exam-cifar or lenet5, got '" + modelName + "'");
        };
        checkInput(model, tr.featureShape().dims(), modelName);
        model.preprocessor(new ImagePreprocessing(size[0], size[1], color, ImageResize.Interpolation.BILINEAR, classes, divisor));
        return fitAndReport(args, model, tr, te, trainLabels, testLabels, classes, null, modelName, 5, out);
    }

    static Sequential smallCnn(int h, int w, int c, int classes) {
        return new Sequential(Input.of(h, w, c),
                new Conv2D(16, 3).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Conv2D(32, 3).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(64, "relu"),
                new Dense(classes, "softmax"));
    }

    private static int[] defaultSize(Path root) throws IOException {
        Path first;
        try (Stream<Path> s = Files.walk(root)) {
            first = s.filter(Files::isRegularFile).filter(ImageFolder::isImageFile).sorted().findFirst()
                    .orElseThrow(() -> new IOException(root + ": no images found in its class folders"));
        }
        BufferedImage img = ImageIO.read(first.toFile());
        if (img == null) throw new IOException(first + ": not a readable image (needed to choose the image size; or pass --image-size HxW)");
        int h = img.getHeight(), w = img.getWidth();
        int side = Math.max(h, w);
        if (side > MAX_DEFAULT_SIDE) {
            h = Math.max(1, Math.round((float) h * MAX_DEFAULT_SIDE / side));
            w = Math.max(1, Math.round((float) w * MAX_DEFAULT_SIDE / side));
        }
        return new int[] {h, w};
    }

    private static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("[x,]");
        try {
            if (p.length == 2) return new int[] {Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())};
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Args.UsageException("--image-size must be HEIGHTxWIDTH, e.g. 32x32, got '" + s + "'");
    }

    /** Images divided by the divisor saved with the model (as the MNIST/CIFAR binary loaders scale), when read. */
    private record Scaled(SampleSource source, float divisor) implements SampleSource {
        @Override public int size() { return source.size(); }
        @Override public org.neurite.tensor.Shape featureShape() { return source.featureShape(); }
        @Override public org.neurite.tensor.Shape targetShape() { return source.targetShape(); }

        @Override
        public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
            source.read(index, x, xOffset, y, yOffset);
            ImagePreprocessing.divide(x, xOffset, xOffset + source.featureShape().size(), divisor);
        }
    }

    // ---------------------------------------------------------------- tables

    static int trainTable(Args args, Path file, PrintStream out) throws IOException {
        if (!args.has("target")) {
            throw new Args.UsageException("--data " + file + " is a table: name the column to predict with --target COLUMN (columns: " + CsvTable.read(file).columns() + ")");
        }
        long seed = args.getInt("seed", 42);
        CsvTable all = CsvTable.read(file);
        CsvTable train, test;
        if (args.has("test-data")) {
            train = all.rows(org.neurite.data.BatchStream.permutation(all.size(), seed)); // shuffled once: fit validates on the last fraction
            test = CsvTable.read(Path.of(args.get("test-data", "")));
        } else {
            CsvTable.Split s = all.split(0.2, seed);
            train = s.train();
            test = s.test();
        }
        String missing = args.get("missing", "drop");
        TablePreprocessing.Options po = new TablePreprocessing.Options(args.get("target", ""));
        switch (missing) {
            case "drop" -> po.missing(TablePreprocessing.Missing.DROP);
            case "mean" -> po.missing(TablePreprocessing.Missing.FILL_MEAN);
            default -> throw new Args.UsageException("--missing must be drop or mean, got '" + missing + "'");
        }
        TablePreprocessing p = TablePreprocessing.fit(train, po);
        TableSource trS = p.transform(train), teS = p.transform(test);
        boolean classify = p.categoricalTarget();
        out.printf("Data: %s: %,d training and %,d test rows (%s; %d + %d rows dropped for missing values), %d columns -> %d inputs%n", file,
                trS.size(), teS.size(), args.has("test-data") ? "--test-data" : "seeded 80/20 split, seed " + seed, trS.droppedRows(), teS.droppedRows(),
                p.featureColumns().size(), p.featureSize());
        out.printf("Target: %s, %s%n%n", p.targetColumn(), classify ? "classification into " + p.classNames() : "regression (numeric, standardised for training)");
        Dataset tr = Dataset.from(trS), te = Dataset.from(teS);
        if (!classify) {
            tr = new Dataset(tr.features(), tr.targets().reshape(tr.size(), 1));
            te = new Dataset(te.features(), te.targets().reshape(te.size(), 1));
        }
        String modelName = args.get("model", "mlp");
        if (!modelName.equals("mlp")) throw new Args.UsageException("--model for a table must be mlp (the default), got '" + modelName + "'");
        Sequential model = new Sequential(Input.of(p.featureSize()), new Dense(64, "relu"), new Dense(32, "relu"),
                classify ? new Dense(p.classNames().size(), "softmax") : new Dense(1));
        model.preprocessor(p);
        return fitAndReport(args, model, tr, te, tr.targets().data(), te.targets().data(), p.classNames(), classify ? null : p, modelName, 50, out);
    }

    // ---------------------------------------------------------------- shared

    private static void checkInput(Sequential model, int[] sample, String name) {
        int[] in = model.inputs().get(0).shape().dims();
        if (!java.util.Arrays.equals(in, sample)) {
            throw new IllegalArgumentException("--model " + name + " expects inputs " + java.util.Arrays.toString(in) + " but the images are "
                    + java.util.Arrays.toString(sample) + " (choose --image-size/--color-mode to match, or the default small-cnn)");
        }
    }

    /**
     * Trains on the first part of {@code train} and validates on its last fraction (as Keras'
     * validation_split), evaluates on {@code test}, prints the result next to the baseline, saves.
     * Sources are read batch by batch. The label arrays (one per sample, in the sources' order)
     * give the baselines without reading the features. {@code regression} is null for classification.
     */
    private static int fitAndReport(Args args, Sequential model, SampleSource train, SampleSource test, float[] trainLabels, float[] testLabels,
            List<String> classes, TablePreprocessing regression, String modelName, int defaultEpochs, PrintStream out) throws IOException {
        long seed = args.getLong("seed", 42);
        int epochs = args.getInt("epochs", defaultEpochs, 1, 1_000_000);
        int batchSize = args.getInt("batch-size", regression == null && classes.isEmpty() ? 64 : 32, 1, 1 << 20);
        float lr = args.getFloat("lr", 0.001f, 0, true, Float.MAX_VALUE);
        float validationSplit = args.getFloat("validation-split", 0.1f, 0, false, 0.9);
        // the output checked before training, so that the work is not lost to a bad path
        Path file = Path.of(args.get("out", modelName + ".nrt")).toAbsolutePath();
        Outputs.checkWritable("out", file);
        model.seed(seed);
        out.print(model.summary());
        out.println();
        Loss loss = regression == null ? new SparseCategoricalCrossentropy(false) : new MeanSquaredError();
        List<Metric> metrics = regression == null ? List.of(new Accuracy()) : List.of();
        Trainer trainer = new Trainer(model, new Adam(lr), loss, metrics);
        GuardedFit guard = new GuardedFit(args.has("allow-non-finite"), out);
        List<org.neurite.nn.callbacks.Callback> callbacks = new ArrayList<>(guard.callbacks());
        ProgressBar progress = ProgressBar.forStream(out, 1);  // -Dneurite.progress
        if (progress != null) callbacks.add(progress);
        long start = System.nanoTime();
        // as Keras' validation_split: floor(n * (1 - split)) samples train, the rest validate
        int n = train.size();
        int splitAt = validationSplit == 0f ? n : (int) Math.floor(n * (1.0 - Double.parseDouble(Float.toString(validationSplit))));
        if (splitAt == 0 || splitAt == n && validationSplit > 0f) {
            throw new Args.UsageException("--validation-split " + validationSplit + " of " + n + " samples leaves " + splitAt + " for training and "
                    + (n - splitAt) + " for validation; both need at least one");
        }
        int[] all = IndexedSource.identity(n);
        SampleSource fitPart = IndexedSource.range(train, all, 0, splitAt);
        SampleSource validation = splitAt < n ? IndexedSource.range(train, all, splitAt, n) : null;
        History history = trainer.fit(fitPart, validation, new FitConfig().epochs(epochs).batchSize(batchSize).seed(seed)
                .verbose(1).callbacks(callbacks));
        double seconds = (System.nanoTime() - start) / 1e9;
        long nonFinite = guard.checkTrained(model, history, file, train.size() + " training samples, validation split " + validationSplit
                + ", batch size " + batchSize);
        out.println();
        out.printf("Trained %d epochs in %.1f s.%n", history.epochs().size(), seconds);
        if (regression == null) {
            Map<String, Float> r = trainer.evaluate(test, 256);
            int[] counts = new int[classes.size()];
            for (float v : trainLabels) counts[(int) v]++;
            int majority = 0;
            for (int k = 1; k < counts.length; k++) if (counts[k] > counts[majority]) majority = k;
            int hits = 0;
            for (float v : testLabels) if ((int) v == majority) hits++;
            out.printf("Test accuracy: %.2f%%  (test loss %.4f on %,d samples; majority class \"%s\" alone: %.2f%%)%n", 100 * r.get("accuracy"),
                    r.get("loss"), test.size(), classes.get(majority), 100.0 * hits / test.size());
            guard.checkTestLoss(r.get("loss"), file);
        } else {
            Tensor pred = trainer.predict(test, 256);
            double mean = 0;
            for (float v : trainLabels) mean += regression.targetToOriginal(v);
            mean /= trainLabels.length;
            double mae = 0, rmse = 0, base = 0;
            for (int i = 0; i < testLabels.length; i++) {
                double truth = regression.targetToOriginal(testLabels[i]);
                double guess = regression.targetToOriginal(pred.data()[i]);
                mae += Math.abs(guess - truth);
                rmse += (guess - truth) * (guess - truth);
                base += Math.abs(mean - truth);
            }
            int count = testLabels.length;
            out.printf("Test MAE: %.4g  RMSE: %.4g  (in %s units, %,d samples; predicting the training mean: MAE %.4g)%n", mae / count, Math.sqrt(rmse / count),
                    regression.targetColumn(), count, base / count);
        }
        // saved through the one guarded path: atomically, or to a rescue file when the destination fails
        boolean saved = Outputs.saveModel(model, file, out, out);
        if (saved) out.println("(the model file holds its input preprocessing: ./neurite predict applies it)");
        if (nonFinite > 0) out.println("Warning: " + nonFinite + " weights are NaN or infinite (saved because of --allow-non-finite)");
        return saved ? 0 : 1;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 10 ? names.toString() : names.subList(0, 10) + "...";
    }
}
