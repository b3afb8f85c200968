package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.datasets.MnistSubset;
import org.neurite.nn.Model;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.Trainer;

/** Test accuracy of a saved classifier on the MNIST test set. */
final class EvaluateCommand implements Main.Command {
    @Override
    public String summary() {
        return "evaluate a saved MNIST classifier on the test set";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite evaluate MODEL [--data DIR]
                  Loads MODEL (saved by ./neurite train or Model.save) and reports loss and accuracy
                  on the MNIST test images of DIR (default: the embedded subset).""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of());
        args.allowOnly(Set.of("data"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        Model model = Model.load(Path.of(args.positionals().get(0)));
        TrainTest data = args.has("data") ? Mnist.load(Path.of(args.get("data", ""))) : MnistSubset.load();
        // The optimizer is never stepped: evaluate only runs forward passes.
        Trainer trainer = new Trainer(model, new SGD(0f), new SparseCategoricalCrossentropy(false), List.of(new Accuracy()));
        Map<String, Float> result = trainer.evaluate(data.test().features(), data.test().targets(), 256);
        out.printf("Test accuracy: %.2f%%  (test loss %.4f on %,d images)%n", 100 * result.get("accuracy"), result.get("loss"), data.test().size());
        return 0;
    }
}
