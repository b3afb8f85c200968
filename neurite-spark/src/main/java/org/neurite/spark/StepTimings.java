package org.neurite.spark;

/**
 * Where the wall time of distributed steps went, summed over steps (nanoseconds):
 * <ul>
 * <li>{@code compute}: forward and backward (and local optimizer steps) of the slowest task of each step;</li>
 * <li>{@code fetch}: the slowest task's wait for the step's broadcast (weights down), and on an executor's
 *     first step the building of its replica from the broadcast model file;</li>
 * <li>{@code driver}: the optimizer step on the driver and creating the next broadcast;</li>
 * <li>{@code overhead}: the rest of the step's wall time: job and task scheduling, task and result
 *     serialization, the tree reduction of the partial sums (gradients up).</li>
 * </ul>
 * plus the number of steps, samples and the bytes broadcast and returned.
 */
public final class StepTimings {
    long steps, samples, wall, compute, fetch, driver, broadcastBytes, resultBytes;

    public long steps() { return steps; }
    public long samples() { return samples; }
    public double wallSeconds() { return wall / 1e9; }
    public double computeSeconds() { return compute / 1e9; }
    public double fetchSeconds() { return fetch / 1e9; }
    public double driverSeconds() { return driver / 1e9; }
    /** Scheduling, serialization and the reduction: wall time not accounted for by the other parts. */
    public double overheadSeconds() { return Math.max(0, wall - compute - fetch - driver) / 1e9; }
    /** Bytes of weights (and optimizer state, in local SGD) broadcast per step, to each executor. */
    public long broadcastBytesPerStep() { return steps == 0 ? 0 : broadcastBytes / steps; }
    /** Bytes of partial sums each partition sends back per step. */
    public long resultBytesPerPartitionPerStep() { return steps == 0 ? 0 : resultBytes / steps; }
    public double samplesPerSecond() { return wall == 0 ? 0 : samples / (wall / 1e9); }

    @Override
    public String toString() {
        double s = Math.max(1, steps);
        return String.format(java.util.Locale.ROOT,
                "%d steps, %.0f samples/s, per step %.2f ms = compute %.2f + broadcast fetch %.2f + driver %.2f + scheduling/serialization/reduce %.2f ms; %d bytes down, %d bytes up per partition",
                steps, samplesPerSecond(), wall / 1e6 / s, compute / 1e6 / s, fetch / 1e6 / s, driver / 1e6 / s, overheadSeconds() * 1e3 / s,
                broadcastBytesPerStep(), resultBytesPerPartitionPerStep());
    }
}
