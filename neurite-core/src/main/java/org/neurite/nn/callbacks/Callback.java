package org.neurite.nn.callbacks;

import java.util.Map;
import org.neurite.nn.training.Trainer;

/**
 * Hooks into the training loop, as Keras callbacks. Epochs and batches are 0-based; {@code logs}
 * maps metric names to values: at batch end the running means of the epoch so far
 * ({@code loss}, {@code accuracy}, ...), at epoch end the epoch's values plus the validation ones
 * ({@code val_loss}, {@code val_accuracy}, ...). The trainer is handed over before training
 * begins; through it a callback can stop training or read and restore the weights.
 */
public interface Callback {
    /** Called once before {@link #onTrainBegin}, like Keras' {@code set_model}. */
    default void setTrainer(Trainer trainer) {}

    default void onTrainBegin(Map<String, Float> logs) {}

    default void onTrainEnd(Map<String, Float> logs) {}

    default void onEpochBegin(int epoch, Map<String, Float> logs) {}

    default void onEpochEnd(int epoch, Map<String, Float> logs) {}

    default void onBatchBegin(int batch, Map<String, Float> logs) {}

    default void onBatchEnd(int batch, Map<String, Float> logs) {}
}
