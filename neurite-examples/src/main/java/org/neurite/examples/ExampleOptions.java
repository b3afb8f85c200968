package org.neurite.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run an {@link Example}. Zero for {@code epochs} or {@code samples} means the example's own
 * short default budget.
 *
 * @param epochs training epochs (GAN: training steps are epochs x batches); 0: the example's default
 * @param samples how many training samples to use at most; 0: the example's default
 * @param dataDir the data set folder ({@code --data}); empty: {@code ../shared/datasets/<name>} when
 *     found ({@link org.neurite.data.DatasetPaths}), else the embedded MNIST subset or synthetic data
 * @param outputDir where images are written
 * @param seed weights, data order and noise
 * @param verbose print one line per epoch
 * @param out where progress and results are printed
 */
public record ExampleOptions(int epochs, int samples, Optional<Path> dataDir, Path outputDir, long seed, boolean verbose, PrintStream out) {
    public ExampleOptions {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0 (0: the example's default), got " + epochs);
        if (samples < 0) throw new IllegalArgumentException("samples must be >= 0 (0: the example's default), got " + samples);
        if (dataDir == null) dataDir = Optional.empty();
        if (outputDir == null) outputDir = Path.of("examples-output");
        if (out == null) out = System.out;
    }

    /** Default budget, data found automatically, images to {@code examples-output/}, seed 42, on System.out. */
    public static ExampleOptions defaults() {
        return new ExampleOptions(0, 0, Optional.empty(), Path.of("examples-output"), 42, true, System.out);
    }

    public ExampleOptions withEpochs(int n) {
        return new ExampleOptions(n, samples, dataDir, outputDir, seed, verbose, out);
    }

    public ExampleOptions withSamples(int n) {
        return new ExampleOptions(epochs, n, dataDir, outputDir, seed, verbose, out);
    }

    public ExampleOptions withData(Path dir) {
        return new ExampleOptions(epochs, samples, Optional.ofNullable(dir), outputDir, seed, verbose, out);
    }

    public ExampleOptions withOutput(Path dir) {
        return new ExampleOptions(epochs, samples, dataDir, dir, seed, verbose, out);
    }

    public ExampleOptions withSeed(long s) {
        return new ExampleOptions(epochs, samples, dataDir, outputDir, s, verbose, out);
    }

    public ExampleOptions withVerbose(boolean v) {
        return new ExampleOptions(epochs, samples, dataDir, outputDir, seed, v, out);
    }

    public ExampleOptions withOut(PrintStream stream) {
        return new ExampleOptions(epochs, samples, dataDir, outputDir, seed, verbose, stream);
    }

    /** The epochs asked for, or the example's default. */
    public int epochsOr(int fallback) {
        return epochs > 0 ? epochs : fallback;
    }

    /** The sample limit asked for, or the example's default. */
    public int samplesOr(int fallback) {
        return samples > 0 ? samples : fallback;
    }
}
