package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.dashboard.Dashboard;
import org.neurite.data.Cifar10;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.datasets.MnistSubset;
import org.neurite.examples.ExamCifarModel;
import org.neurite.examples.LeNet5;
import org.neurite.kernel.Parallel;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.TensorBoardLogger;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;

/**
 * The main job: LeNet-5 on MNIST (the embedded subset unless --data names the IDX files' folder),
 * or, with {@code --model exam-cifar}, the exam's small CIFAR-10 classifier on CIFAR-10.
 */
final class TrainCommand implements Main.Command {
    private static final Set<String> OPTIONS = Set.of("model", "data", "epochs", "batch-size", "lr", "seed", "out", "threads", "validation-split", "health",
            "allow-non-finite", "dashboard", "tensorboard", "test-data", "target", "image-size", "color-mode", "missing");

    @Override
    public String summary() {
        return "train LeNet-5 on MNIST (embedded subset, or --data DIR), the exam CIFAR-10 model, or a model on your image folder or CSV table, and save it";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite train [--model lenet5|exam-cifar] [--data DIR|FILE.csv] [--epochs N] [--batch-size N] [--lr RATE] [--seed S]
                                       [--validation-split F] [--threads N] [--out FILE] [--health REPORT.html]
                                       [--dashboard [PORT]] [--tensorboard DIR]
                  Trains LeNet-5 (61,706 parameters) with Adam on MNIST and reports the test accuracy.
                  --model NAME          lenet5 (default, MNIST) or exam-cifar (15,062 parameters, CIFAR-10;
                                        needs --data DIR with the CIFAR-10 binary batches)
                  --data DIR            folder with the MNIST IDX files (train-images-idx3-ubyte[.gz], ...),
                                        e.g. ../shared/datasets/mnist; default: the 6,000/1,000-digit subset in the jar
                  --epochs N            default 3 on the subset, 5 on full data
                  --batch-size N        default 64
                  --lr RATE             Adam learning rate, default 0.001
                  --seed S              weights and shuffling seed, default 42
                  --validation-split F  last fraction of the training set held out, default 0.1
                  --threads N           kernel threads, default: all cores
                  --out FILE            where to save the model, default MODEL.nrt
                  --health REPORT.html  watch the gradient health (per-layer gradient and weight norms, update
                                        ratios, activation statistics on 64 training images, every 10 steps),
                                        print the flags and write an HTML report with plots, plus REPORT.health.csv
                                        and REPORT.history.csv
                  --allow-non-finite    save the model even if training diverged (NaN or infinite loss or weights);
                                        by default training stops at the first NaN/Inf loss, exits with 1 and
                                        saves nothing
                  --dashboard [PORT]    watch training live in the browser at http://localhost:PORT/ (default
                                        8686, loopback only); keeps serving the finished run until Enter
                  --tensorboard DIR     write TensorBoard event files (scalars, weight histograms, graph) to
                                        DIR/train and DIR/validation
                Your own data (the model is saved with its input preprocessing, for ./neurite predict):
                  --data DIR            a folder of class sub-folders of images (DIR/<class>/*.png|jpg|jpeg|bmp|gif);
                                        default model small-cnn (or --model exam-cifar|lenet5), 5 epochs
                  --test-data DIR       test images in the same layout; default: a seeded 80/20 split of --data
                  --image-size HxW      resize every image; default: the first image's size, at most 64 on a side
                  --color-mode MODE     grayscale, rgb (default) or rgba
                  --data FILE.csv       a CSV table (header row); needs --target; default model mlp, 50 epochs
                  --target COLUMN       the column to predict: classes, or regression when it is numeric with
                                        more than 20 distinct values (or fractional ones)
                  --test-data FILE.csv  test rows; default: a seeded 80/20 split of --data
                  --missing drop|mean   rows with missing values dropped (default), or filled with the training mean""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(Args.withDefaultValue(argv, "dashboard", "8686"), 1, Set.of("allow-non-finite"));
        args.allowOnly(OPTIONS);
        if (!args.positionals().isEmpty()) throw new Args.UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        if (args.has("threads")) Parallel.setThreads(args.getInt("threads", Parallel.threads(), 1, 1024));
        // every number checked before any work: a huge batch size once overflowed to zero steps
        int epochsOption = args.getInt("epochs", 0, 1, 1_000_000);
        int batchSize = args.getInt("batch-size", 64, 1, 1 << 20);
        float lr = args.getFloat("lr", 0.001f, 0, true, Float.MAX_VALUE);
        float validationSplit = args.getFloat("validation-split", 0.1f, 0, false, 0.9);
        long seed = args.getLong("seed", 42);
        boolean allowNonFinite = args.has("allow-non-finite");

        if (args.has("data")) { // an image folder or a table goes its own way; MNIST/CIFAR folders keep their meaning
            Path data = Path.of(args.get("data", ""));
            OwnDataTraining.Layout layout = OwnDataTraining.detect(data);
            OwnDataTraining.checkOptions(args, layout);
            switch (layout) {
                case IMAGE_FOLDER -> {
                    return OwnDataTraining.trainImages(args, data, out);
                }
                case TABLE -> {
                    return OwnDataTraining.trainTable(args, data, out);
                }
                default -> { }
            }
        }
        String modelName = args.get("model", "lenet5");
        if (!modelName.equals("lenet5") && !modelName.equals("exam-cifar")) {
            throw new Args.UsageException("--model must be lenet5 or exam-cifar, got '" + modelName + "'");
        }
        boolean cifar = modelName.equals("exam-cifar");
        if (cifar && !args.has("data")) throw new Args.UsageException("--model exam-cifar needs --data DIR (the CIFAR-10 binary batches)");
        // every output checked before training, so that hours of work are not lost to a bad path
        Path file = Path.of(args.get("out", modelName + ".nrt")).toAbsolutePath();
        Outputs.checkWritable("out", file);
        Path html = args.has("health") ? Path.of(args.get("health", "health.html")).toAbsolutePath() : null;
        if (html != null) Outputs.checkWritable("health", html);
        TrainTest data;
        String source;
        if (args.has("data")) {
            Path dir = Path.of(args.get("data", ""));
            data = cifar ? Cifar10.load(dir) : Mnist.load(dir);
            source = dir.toString();
        } else {
            data = MnistSubset.load();
            source = "embedded MNIST subset";
        }
        int epochs = args.has("epochs") ? epochsOption : args.has("data") ? 5 : 3;
        out.printf("Data: %s: %,d training and %,d test images%n%n", source, data.train().size(), data.test().size());

        Sequential model = cifar ? ExamCifarModel.build() : LeNet5.build(10);
        model.seed(seed);
        out.print(model.summary());
        out.println();

        org.neurite.analysis.health.GradientHealth health = !args.has("health") ? null : new org.neurite.analysis.health.GradientHealth()
                .every(10).probe(org.neurite.nn.training.Batches.rows(data.train().features(), 0, Math.min(64, data.train().size())));
        // progress on `out` (not the Trainer's default System.out), redrawn in place only on a terminal
        List<org.neurite.nn.callbacks.Callback> callbacks = new java.util.ArrayList<>();
        if (health != null) callbacks.add(health);
        GuardedFit guard = new GuardedFit(allowNonFinite, out);
        callbacks.addAll(guard.callbacks());
        Dashboard dashboard = null;
        if (args.has("dashboard")) {
            dashboard = new Dashboard(args.getInt("dashboard", 8686, 0, 65535))
                    .probe(org.neurite.nn.training.Batches.rows(data.train().features(), 0, Math.min(64, data.train().size())));
            callbacks.add(dashboard);
            out.println("Dashboard: " + dashboard.url());
        }
        if (args.has("tensorboard")) callbacks.add(new TensorBoardLogger(Path.of(args.get("tensorboard", "logs"))));
        org.neurite.nn.callbacks.ProgressBar progress = org.neurite.nn.callbacks.ProgressBar.forStream(out, 1);  // -Dneurite.progress
        if (progress != null) callbacks.add(progress);
        Trainer trainer = new Trainer(model, new Adam(lr), new SparseCategoricalCrossentropy(false), List.of(new Accuracy()));
        long start = System.nanoTime();
        History history = trainer.fit(data.train().features(), data.train().targets(), new FitConfig().epochs(epochs)
                .batchSize(batchSize)
                .seed(seed)
                .validationSplit(validationSplit)
                .verbose(1)
                .callbacks(callbacks));
        double seconds = (System.nanoTime() - start) / 1e9;
        long nonFinite = guard.checkTrained(model, history, file, data.train().size() + " training samples, validation split "
                + validationSplit + ", batch size " + batchSize);
        int trainedSamples = (int) Math.floor(data.train().size() * (1 - validationSplit));
        Map<String, Float> test = trainer.evaluate(data.test().features(), data.test().targets(), 256);

        out.println();
        out.printf("Trained %d epochs in %.1f s (%,.0f samples/s including validation).%n", history.epochs().size(), seconds, epochs * (double) trainedSamples / seconds);
        out.printf("Test accuracy: %.2f%%  (test loss %.4f on %,d images)%n", 100 * test.get("accuracy"), test.get("loss"), data.test().size());
        guard.checkTestLoss(test.get("loss"), file);

        // the model first: a failing report must not lose it; each failure is reported, the rest still saved
        boolean saved = Outputs.saveModel(model, file, out, out);
        if (nonFinite > 0) out.println("Warning: " + nonFinite + " weights are NaN or infinite (saved because of --allow-non-finite)");
        boolean reported = true;
        if (health != null) {
            org.neurite.analysis.health.HealthReport report = health.report();
            out.println();
            out.print(report.text());
            try {
                report.writeHtml(html);
                out.println("Wrote the gradient-health report to " + html);
            } catch (java.io.IOException e) {
                out.println("neurite: could not write the gradient-health report: " + org.neurite.io.ErrorText.message(e.getMessage()));
                reported = false;
            }
        }
        if (args.has("tensorboard")) out.println("TensorBoard: tensorboard --logdir " + Path.of(args.get("tensorboard", "logs")).toAbsolutePath());
        if (dashboard != null) {
            try (Dashboard d = dashboard) {
                out.println("The dashboard keeps showing the finished run at " + d.url() + "; press Enter to stop it.");
                out.flush();
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            }
        }
        return saved && reported ? 0 : 1;
    }
}
