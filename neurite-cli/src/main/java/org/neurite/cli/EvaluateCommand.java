package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.data.Mnist;
import org.neurite.data.Dataset;
import org.neurite.datasets.MnistSubset;
import org.neurite.nn.Model;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.metrics.ClassificationReport;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.Trainer;
import org.neurite.plot.ConfusionMatrixPlot;

/** Test accuracy, per-class report and confusion matrix of a saved classifier on the MNIST test set. */
final class EvaluateCommand implements Main.Command {
    @Override
    public String summary() {
        return "evaluate a saved MNIST classifier on the test set";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite evaluate MODEL [--data DIR] [--confusion-matrix FILE.png]
                  Loads MODEL (saved by ./neurite train or Model.save) and reports loss and accuracy
                  on the MNIST test images of DIR (default: the embedded subset), then precision,
                  recall, F1 and support per class and the confusion matrix; with
                  --confusion-matrix, also draws the matrix as a PNG heat map.""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of());
        args.allowOnly(Set.of("data", "confusion-matrix"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        Model model = Model.load(Path.of(args.positionals().get(0)));
        // only the test split is read: the training files are neither needed nor loaded
        Dataset test = args.has("data") ? Mnist.loadTest(Path.of(args.get("data", "")), Integer.MAX_VALUE) : MnistSubset.load().test();
        // The optimizer is never stepped: evaluate only runs forward passes.
        Trainer trainer = new Trainer(model, new SGD(0f), new SparseCategoricalCrossentropy(false), List.of(new Accuracy()));
        Map<String, Float> result = trainer.evaluate(test.features(), test.targets(), 256);
        out.printf("Test accuracy: %.2f%%  (test loss %.4f on %,d images)%n", 100 * result.get("accuracy"), result.get("loss"), test.size());
        ClassificationReport report = ClassificationReport.of(test.targets(), trainer.predict(test.features(), 256), null);
        out.println();
        out.print(report);
        if (args.has("confusion-matrix")) {
            Path png = Path.of(args.get("confusion-matrix", "confusion-matrix.png")).toAbsolutePath();
            ConfusionMatrixPlot.savePng(report, png);
            out.println("Wrote the confusion matrix to " + png);
        }
        return 0;
    }
}
