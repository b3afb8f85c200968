package org.neurite.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Timing and memory measurement of the workload runner.
 *
 * <p>Timing: warm-up steps until at least {@code warmupSeconds} and {@code warmupSteps} steps have
 * passed (the JIT compiles the kernels meanwhile), then steps timed one by one until at least
 * {@code seconds} and {@code minSteps} steps; slow workloads stop early once 4x the time is spent
 * (warm-up: at least 3 steps, timed: at least 10). The median step time is what is reported.
 */
public final class Measure {
    private Measure() {}

    /**
     * Step times of the timed phase, in seconds, what was allocated meanwhile, and the CPU time of
     * the calling thread over the phase (nanoseconds, -1 if unknown): on a busy machine the
     * caller's CPU time per step is a steadier comparison than wall time for one-thread runs.
     */
    public record Timing(double[] stepSeconds, double totalSeconds, long allocatedBytes, long callerCpuNanos) {
        public int steps() {
            return stepSeconds.length;
        }

        public double median() {
            double[] s = stepSeconds.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }

        public double min() {
            return Arrays.stream(stepSeconds).min().orElse(Double.NaN);
        }

        public double mean() {
            return totalSeconds / steps();
        }

        /** Mean CPU seconds of the calling thread per step, NaN if the JVM cannot tell. */
        public double callerCpuPerStep() {
            return callerCpuNanos < 0 ? Double.NaN : callerCpuNanos / 1e9 / steps();
        }
    }

    /** Runs step through a warm-up and a timed phase (see the class comment). */
    public static Timing time(Runnable step, double warmupSeconds, int warmupSteps, double seconds, int minSteps) {
        long start = System.nanoTime();
        int n = 0;
        while (true) {
            step.run();
            n++;
            double el = (System.nanoTime() - start) / 1e9;
            if ((el >= warmupSeconds && n >= warmupSteps) || (el >= 4 * warmupSeconds && n >= 3)) break;
        }
        double[] times = new double[64];
        n = 0;
        long alloc0 = allocatedBytes();
        long cpu0 = callerCpuNanos();
        start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            step.run();
            long t1 = System.nanoTime();
            if (n == times.length) times = Arrays.copyOf(times, 2 * n);
            times[n++] = (t1 - t0) / 1e9;
            double el = (t1 - start) / 1e9;
            if ((el >= seconds && n >= minSteps) || (el >= 4 * seconds && n >= 10)) break;
        }
        double total = (System.nanoTime() - start) / 1e9;
        long alloc = allocatedBytes() - alloc0;
        long cpu = cpu0 < 0 ? -1 : callerCpuNanos() - cpu0;
        return new Timing(Arrays.copyOf(times, n), total, alloc, cpu);
    }

    private static long callerCpuNanos() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
    }

    /** Forces a collection, then resets the peak usage of every heap memory pool. */
    public static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) p.resetPeakUsage();
        }
    }

    /** Sum over the heap memory pools of their peak usage since {@link #resetPeakHeap}, in MB. */
    public static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid() && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        }
        return sum / (1024.0 * 1024.0);
    }

    /** Heap in use right after a forced collection, in MB: what the caller still holds (model, optimizer state, data). */
    public static double liveHeapMb() {
        System.gc();
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isValid()) sum += p.getUsage().getUsed();
        }
        return sum / (1024.0 * 1024.0);
    }

    /** Bytes allocated so far by all live threads (kernel pool included), or -1 when the JVM cannot tell. */
    public static long allocatedBytes() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) {
            long sum = 0;
            for (long b : sun.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) sum += b;
            return sum;
        }
        return -1;
    }
}
