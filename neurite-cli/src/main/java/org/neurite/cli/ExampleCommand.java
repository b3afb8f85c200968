package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.neurite.examples.Example;
import org.neurite.examples.ExampleOptions;
import org.neurite.examples.Examples;
import org.neurite.kernel.Parallel;

/** Runs one example: builds, trains on a short budget, prints the final metrics and the files written. */
final class ExampleCommand implements Main.Command {
    private static final Set<String> OPTIONS = Set.of("epochs", "data", "samples", "out", "seed", "threads", "quiet");

    @Override
    public String summary() {
        return "train one classic network (see './neurite examples') on a short budget and print its metrics";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite example NAME [--epochs N] [--data DIR] [--samples N] [--out DIR] [--seed S] [--threads N] [--quiet]
                  Builds the example network NAME (./neurite examples lists them), trains it and prints its final
                  metrics and where it saved images. The default budget takes seconds to about a minute.
                  --epochs N    training epochs (default: the example's short budget)
                  --data DIR    data set folder: MNIST IDX files, CIFAR-10 binary batches, or a CSV series (file or
                                folder); default ../shared/datasets/<name> when found, else the embedded MNIST subset
                                or synthetic data (the output says which)
                  --samples N   use at most N training samples (default: the example's)
                  --out DIR     where images are written, default examples-output
                  --seed S      weights, data order and noise, default 42
                  --threads N   kernel threads, default: all cores
                  --quiet       no per-epoch lines""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("quiet"));
        args.allowOnly(OPTIONS);
        if (args.positionals().size() != 1) {
            throw new Args.UsageException(args.positionals().isEmpty() ? "which example? (./neurite examples lists them)"
                    : "one example at a time, got " + args.positionals());
        }
        String name = args.positionals().get(0);
        Example example = Examples.find(name).orElseThrow(() -> new Args.UsageException("no example '" + name + "'; known: "
                + String.join(", ", Examples.all().stream().map(Example::name).toList())));
        if (args.has("threads")) Parallel.setThreads(args.getInt("threads", Parallel.threads(), 1, 1024));
        int epochs = args.getInt("epochs", 0, 1, 1_000_000), samples = args.getInt("samples", 0, 1, 100_000_000);
        long seed = args.getLong("seed", 42);
        Path outDir = Path.of(args.get("out", "examples-output"));
        Outputs.checkWritableFolder("out", outDir); // before training, not after
        ExampleOptions options = ExampleOptions.defaults()
                .withEpochs(epochs)
                .withSamples(samples)
                .withData(args.has("data") ? Path.of(args.get("data", "")) : null)
                .withOutput(outDir)
                .withSeed(seed)
                .withVerbose(!args.has("quiet"))
                .withOut(out);
        out.println(example.name() + ": " + example.description());
        out.println();
        Example.Result result = example.run(options);
        result.print(out);
        return 0;
    }
}
