package org.neurite.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts for one synchronous step or one local-SGD round: the values of all
 * variables of the model (in {@code model.variables()} order), the sorted sample indices of each
 * global batch of the round, and for local SGD the optimizer state (per trainable variable: step
 * count and buffers) and the optimizer's step count.
 */
final class StepPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    final float[][] weights;
    final long[][] batches;
    final int[] optimizerSteps;
    final float[][][] optimizerSlots;
    final long iterations;

    StepPlan(float[][] weights, long[][] batches, int[] optimizerSteps, float[][][] optimizerSlots, long iterations) {
        this.weights = weights;
        this.batches = batches;
        this.optimizerSteps = optimizerSteps;
        this.optimizerSlots = optimizerSlots;
        this.iterations = iterations;
    }

    /** Bytes of the float payload (weights and optimizer buffers), for the communication accounting. */
    long payloadBytes() {
        long n = 0;
        for (float[] w : weights) n += 4L * w.length;
        if (optimizerSlots != null) for (float[][] s : optimizerSlots) for (float[] b : s) n += 4L * b.length;
        for (long[] b : batches) n += 8L * b.length;
        return n;
    }
}
