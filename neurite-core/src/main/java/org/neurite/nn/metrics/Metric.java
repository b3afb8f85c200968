package org.neurite.nn.metrics;

import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * A stateful quality measure accumulated over every batch of an epoch, with Keras' contract:
 * {@link #resetState()} at the start, {@link #updateState} per batch, {@link #result()} at any
 * time. The state is counts or sums over all samples seen (never a mean of per-batch values), so
 * precision, recall, F1 or AUC over an epoch equal the values computed on the whole data at once.
 * Implementations read tensor values only; they never record on the autograd tape.
 */
public interface Metric {
    /**
     * The metric's key in the training logs and history.
     *
     * @return e.g. {@code accuracy} (validation logs it as {@code val_accuracy})
     */
    String name();

    /** Forgets everything accumulated (Keras' {@code reset_state}). */
    void resetState();

    /**
     * Accumulates one batch (Keras' {@code update_state}); reads values only, records nothing on
     * the autograd tape.
     *
     * @param yTrue the batch's labels (shapes as each metric's class comment says)
     * @param yPred the network's predictions for the batch, shape {@code (N, ...)}
     * @throws IllegalArgumentException if the shapes do not fit the metric
     */
    void updateState(Tensor yTrue, Tensor yPred);

    /**
     * The value over every batch since the last reset (Keras' {@code result}).
     *
     * @return the metric's value; NaN before any update
     */
    float result();

    /**
     * The values to log: {@code name() -> result()} for a scalar metric; a metric with one value
     * per class (an {@link F1Score} without averaging) logs {@code <name>_<class>} for each.
     *
     * @return an unmodifiable map from log key to value
     */
    default Map<String, Float> results() {
        return Map.of(name(), result());
    }
}
