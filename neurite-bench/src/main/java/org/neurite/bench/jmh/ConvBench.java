package org.neurite.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import org.neurite.kernel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Conv2dKernel} forward, input gradient and kernel gradient for the convolutions of LeNet-5
 * (W3) and the exam CIFAR-10 model (W4), at their training batch of 64, channels-last:
 * <ul>
 *   <li>{@code lenet1}: 28x28x1, 6@5x5, same (pad 2) -&gt; 28x28x6;</li>
 *   <li>{@code lenet2}: 14x14x6, 16@5x5, valid -&gt; 10x10x16;</li>
 *   <li>{@code cifar1}: 32x32x3, 4@3x3, same -&gt; 32x32x4;</li>
 *   <li>{@code cifar2}: 16x16x4, 8@3x3, same -&gt; 16x16x8.</li>
 * </ul>
 * Microseconds per call; {@code -p threads=2} for two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBench {
    @Param({"lenet1", "lenet2", "cifar1", "cifar2"})
    public String layer;

    @Param({"64"})
    public int batch;

    @Param({"1"})
    public int threads;

    private ConvGeometry g;
    private float[] input, kernel, bias, out, gradOut, gradInput, gradKernel;

    /** The geometry of a named layer at the given batch. */
    static ConvGeometry geometry(String layer, int batch) {
        return switch (layer) {
            case "lenet1" -> ConvGeometry.of(batch, 28, 28, 1, 5, 5, 6, 1, 1, 2, 2, 2, 2, 1, 1);
            case "lenet2" -> ConvGeometry.of(batch, 14, 14, 6, 5, 5, 16, 1, 1, 0, 0, 0, 0, 1, 1);
            case "cifar1" -> ConvGeometry.of(batch, 32, 32, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1);
            case "cifar2" -> ConvGeometry.of(batch, 16, 16, 4, 3, 3, 8, 1, 1, 1, 1, 1, 1, 1, 1);
            default -> throw new IllegalArgumentException("unknown layer " + layer + " (lenet1, lenet2, cifar1, cifar2)");
        };
    }

    @Setup(Level.Trial)
    public void setup() {
        g = geometry(layer, batch);
        SplittableRandom r = new SplittableRandom(7);
        input = random(r, g.inputSize());
        kernel = random(r, g.kernelSize());
        bias = random(r, g.outC());
        out = new float[g.outputSize()];
        gradOut = random(r, g.outputSize());
        gradInput = new float[g.inputSize()];
        gradKernel = new float[g.kernelSize()];
        Parallel.setThreads(threads);
    }

    static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @Benchmark
    public float[] forward() {
        Conv2dKernel.forward(g, input, kernel, bias, out);
        return out;
    }

    @Benchmark
    public float[] backwardInput() {
        Conv2dKernel.backwardInput(g, gradOut, kernel, gradInput);
        return gradInput;
    }

    @Benchmark
    public float[] backwardKernel() {
        Conv2dKernel.backwardKernel(g, input, gradOut, gradKernel);
        return gradKernel;
    }
}
