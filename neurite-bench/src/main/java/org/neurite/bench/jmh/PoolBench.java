package org.neurite.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.neurite.kernel.Parallel;
import org.neurite.kernel.Pool2dKernel;
import org.neurite.kernel.PoolGeometry;
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
 * {@link Pool2dKernel#maxForward} (2x2, stride 2, with argmax as in training) and
 * {@link Pool2dKernel#maxBackward} on the pooling layers of LeNet-5 and the exam CIFAR-10 model at
 * batch 64: {@code lenet1} 28x28x6, {@code lenet2} 10x10x16, {@code cifar1} 32x32x4,
 * {@code cifar2} 16x16x8. Microseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class PoolBench {
    @Param({"lenet1", "lenet2", "cifar1", "cifar2"})
    public String layer;

    @Param({"64"})
    public int batch;

    @Param({"1"})
    public int threads;

    private PoolGeometry g;
    private float[] input, out, gradOut, gradInput;
    private int[] argmax;

    @Setup(Level.Trial)
    public void setup() {
        int[] hwc = switch (layer) {
            case "lenet1" -> new int[] {28, 28, 6};
            case "lenet2" -> new int[] {10, 10, 16};
            case "cifar1" -> new int[] {32, 32, 4};
            case "cifar2" -> new int[] {16, 16, 8};
            default -> throw new IllegalArgumentException("unknown layer " + layer + " (lenet1, lenet2, cifar1, cifar2)");
        };
        g = PoolGeometry.of(batch, hwc[0], hwc[1], hwc[2], 2, 2, 2, 2, 0, 0, 0, 0);
        SplittableRandom r = new SplittableRandom(11);
        input = ConvBench.random(r, g.inputSize());
        out = new float[g.outputSize()];
        argmax = new int[g.outputSize()];
        gradOut = ConvBench.random(r, g.outputSize());
        gradInput = new float[g.inputSize()];
        Parallel.setThreads(threads);
        Pool2dKernel.maxForward(g, input, Float.NEGATIVE_INFINITY, out, argmax);
    }

    @Benchmark
    public float[] maxForward() {
        Pool2dKernel.maxForward(g, input, Float.NEGATIVE_INFINITY, out, argmax);
        return out;
    }

    @Benchmark
    public float[] maxBackward() {
        Pool2dKernel.maxBackward(g, gradOut, argmax, gradInput);
        return gradInput;
    }
}
