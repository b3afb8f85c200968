package org.neurite.spark;

import java.io.Serializable;

/**
 * What one partition sends back for a step, and what two partial results add up to: vectors
 * already multiplied by the partition's sample count (gradients in synchronous training, weights
 * and optimizer buffers in local SGD), the sample-weighted loss sum, the sample count, and the
 * slowest task's compute and broadcast-fetch times (for the step's time split).
 */
final class PartialSum implements Serializable {
    private static final long serialVersionUID = 1L;
    float[][] values; // null when the partition had no sample of this step
    double lossSum;
    long samples;
    long computeNanos;
    long fetchNanos;

    static PartialSum empty() {
        return new PartialSum();
    }

    /** Adds {@code other} into this (Spark's combine function; either may be empty). */
    PartialSum add(PartialSum other) {
        if (other.values != null) {
            if (values == null) {
                values = new float[other.values.length][];
                for (int i = 0; i < values.length; i++) values[i] = other.values[i].clone();
            } else {
                for (int i = 0; i < values.length; i++) {
                    float[] a = values[i], b = other.values[i];
                    for (int j = 0; j < a.length; j++) a[j] += b[j];
                }
            }
        }
        lossSum += other.lossSum;
        samples += other.samples;
        computeNanos = Math.max(computeNanos, other.computeNanos);
        fetchNanos = Math.max(fetchNanos, other.fetchNanos);
        return this;
    }
}
