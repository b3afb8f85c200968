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
    /**
     * Called once before {@link #onTrainBegin}, like Keras' {@code set_model}; does nothing by default.
     *
     * @param trainer the trainer running the fit: stops training, reads and restores the weights
     */
    default void setTrainer(Trainer trainer) {}

    /**
     * Called once when training starts, before the first epoch; does nothing by default.
     *
     * @param logs empty at this point
     */
    default void onTrainBegin(Map<String, Float> logs) {}

    /**
     * Called once when training ends, also after an early stop; does nothing by default.
     *
     * @param logs the last epoch's logs
     */
    default void onTrainEnd(Map<String, Float> logs) {}

    /**
     * Called at the start of every epoch; does nothing by default.
     *
     * @param epoch the epoch about to run, 0-based (counting from the fit's initial epoch)
     * @param logs empty at this point
     */
    default void onEpochBegin(int epoch, Map<String, Float> logs) {}

    /**
     * Called after every epoch, once validation has run; does nothing by default.
     *
     * @param epoch the epoch that ended, 0-based
     * @param logs the epoch's training values ({@code loss}, metrics) and validation ones
     *     ({@code val_loss}, ...); a callback may add keys (e.g. {@code learning_rate})
     */
    default void onEpochEnd(int epoch, Map<String, Float> logs) {}

    /**
     * Called before every training batch; does nothing by default.
     *
     * @param batch the batch's index within its epoch, 0-based
     * @param logs empty at this point
     */
    default void onBatchBegin(int batch, Map<String, Float> logs) {}

    /**
     * Called after every training batch's optimizer step; does nothing by default.
     *
     * @param batch the batch's index within its epoch, 0-based
     * @param logs the running means of the epoch so far ({@code loss}, metrics)
     */
    default void onBatchEnd(int batch, Map<String, Float> logs) {}
}
