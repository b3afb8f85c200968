package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * A stateful quality measure accumulated over the batches of an epoch, as Keras metrics:
 * {@link #reset()} at the start, {@link #update} per batch, {@link #result()} at any time.
 * Implementations read tensor values only; they never record on the autograd tape.
 */
public interface Metric {
    /** The key in the logs, e.g. {@code accuracy} (validation adds {@code val_}). */
    String name();

    void reset();

    /** Accumulates one batch. */
    void update(Tensor yTrue, Tensor yPred);

    /** The value over everything since the last reset (NaN before any update). */
    float result();
}
