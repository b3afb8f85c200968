package org.neurite.nn.callbacks;

import java.util.List;
import java.util.Map;
import org.neurite.nn.training.Trainer;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras' EarlyStopping: after
 * each epoch, {@code wait} counts epochs since the last improvement (by more than minDelta); when
 * {@code wait >= patience} training stops. With {@code restoreBestWeights} the weights of the best
 * epoch are put back when training ends (Keras 3 restores them whether or not it stopped early).
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private Trainer trainer;
    private int wait;
    private int stoppedEpoch = -1;
    private int bestEpoch = -1;
    private List<float[]> bestWeights;

    /** Monitors val_loss with patience 0, as Keras' defaults. */
    public EarlyStopping() {
        this("val_loss", 0f, 0, Monitor.Mode.AUTO, false);
    }

    /**
     * Stops when {@code monitor} has not improved for {@code patience} epochs (minDelta 0,
     * direction from the name).
     *
     * @param monitor the log key watched, e.g. {@code val_loss} or {@code val_accuracy}
     * @param patience epochs without improvement tolerated before stopping; &gt;= 0
     * @param restoreBestWeights true: put back the best epoch's weights when training ends
     * @throws IllegalArgumentException if patience is negative
     */
    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        this(monitor, 0f, patience, Monitor.Mode.AUTO, restoreBestWeights);
    }

    /**
     * An early stop with Keras' options.
     *
     * @param monitor the log key watched; training fails with {@link IllegalStateException} at
     *     the first epoch end if the logs lack it
     * @param minDelta the smallest change that counts as an improvement, in the monitored
     *     quantity's units (its sign is ignored)
     * @param patience epochs without improvement tolerated before stopping; &gt;= 0
     * @param mode whether smaller or larger is better ({@link Monitor.Mode#AUTO}: from the name)
     * @param restoreBestWeights true: put back the best epoch's weights when training ends
     * @throws IllegalArgumentException if patience is negative
     */
    public EarlyStopping(String monitor, float minDelta, int patience, Monitor.Mode mode, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
        monitor.reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        float current = monitor.value(logs, "EarlyStopping");
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = trainer.getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (monitor.update(current)) {
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = trainer.getWeights();
            wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            trainer.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Float> logs) {
        if (restoreBestWeights && bestWeights != null) trainer.setWeights(bestWeights);
    }

    /**
     * When training was stopped.
     *
     * @return the 0-based epoch after which this callback stopped training; -1 if it did not
     */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /**
     * The epoch with the best monitored value.
     *
     * @return its 0-based number; -1 before the first epoch, or (without restoreBestWeights) if
     *     no value ever improved, e.g. all were NaN
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /**
     * The best monitored value so far.
     *
     * @return the value; +infinity (minimizing) or -infinity (maximizing) before any epoch
     */
    public float bestValue() {
        return monitor.best();
    }
}
