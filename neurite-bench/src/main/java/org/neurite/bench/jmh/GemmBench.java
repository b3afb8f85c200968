package org.neurite.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.neurite.kernel.Gemm;
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
 * {@link Gemm#sgemm} at square sizes and at the skinny shapes of im2col convolutions.
 * {@code shape} is {@code MxNxK} with an optional {@code :TN}/{@code :NT} suffix (transposed A / B):
 * <ul>
 *   <li>{@code 50176x6x25} LeNet conv1 forward at batch 64 (64*28*28 patches of 5*5*1, 6 filters);</li>
 *   <li>{@code 6400x16x150} LeNet conv2 forward (64*10*10 patches of 5*5*6, 16 filters);</li>
 *   <li>{@code 150x16x6400:TN} LeNet conv2 kernel gradient (patches^T x gradOut);</li>
 *   <li>{@code 6400x150x16:NT} LeNet conv2 input gradient (gradOut x kernel^T, before col2im);</li>
 *   <li>{@code 65536x4x27} exam CIFAR conv1 forward (64*32*32 patches of 3*3*3, 4 filters).</li>
 * </ul>
 * Scores are in microseconds per call (GFLOP/s = 2*M*N*K / time). {@code -p threads=2} for two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBench {
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "50176x6x25", "6400x16x150", "150x16x6400:TN", "6400x150x16:NT", "65536x4x27"})
    public String shape;

    @Param({"1"})
    public int threads;

    private int m, n, k;
    private boolean transA, transB;
    private float[] a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = shape.split(":");
        String[] d = parts[0].split("x");
        m = Integer.parseInt(d[0]);
        n = Integer.parseInt(d[1]);
        k = Integer.parseInt(d[2]);
        String flags = parts.length > 1 ? parts[1] : "NN";
        transA = flags.charAt(0) == 'T';
        transB = flags.charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(42);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        Parallel.setThreads(threads);
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, false);
        return c;
    }
}
