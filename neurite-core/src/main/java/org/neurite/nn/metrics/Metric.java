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
    /** The key in the logs, e.g. {@code accuracy} (validation adds {@code val_}). */
    String name();

    /** Forgets everything accumulated (Keras' {@code reset_state}). */
    void resetState();

    /** Accumulates one batch: labels and the network's predictions for it (Keras' {@code update_state}). */
    void updateState(Tensor yTrue, Tensor yPred);

    /** The value over everything since the last reset (NaN before any update). */
    float result();

    /**
     * The values to log: {@code name() -> result()} for a scalar metric; a metric with one value
     * per class (an {@link F1Score} without averaging) logs {@code <name>_<class>} for each.
     */
    default Map<String, Float> results() {
        return Map.of(name(), result());
    }
}
