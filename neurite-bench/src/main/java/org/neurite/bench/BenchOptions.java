package org.neurite.bench;

/**
 * Settings of a workload run.
 *
 * @param seconds        timed seconds per workload (W1: per matrix size, a third of it), default 3
 * @param warmupSeconds  warm-up seconds before timing, default 3 (the JIT needs them)
 * @param seed           seed of the synthetic data and the weights, default 0
 */
public record BenchOptions(double seconds, double warmupSeconds, long seed) {
    public BenchOptions {
        if (!(seconds > 0) || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("bench: seconds must be > 0 and warm-up seconds >= 0, got " + seconds + " and " + warmupSeconds);
        }
    }

    public static BenchOptions defaults() {
        return new BenchOptions(3, 3, 0);
    }
}
