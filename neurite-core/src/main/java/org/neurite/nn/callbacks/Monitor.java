package org.neurite.nn.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * A logged quantity watched for improvement (shared by EarlyStopping and ModelCheckpoint).
 * Mode AUTO means MAX for the names of metrics where higher is better ({@code acc}, {@code auc},
 * {@code precision}, {@code recall}, {@code f1}, {@code iou} in the name: Keras 3 reads each
 * metric's direction, which is "up" for all of them) and MIN otherwise (losses, errors). Improvement: {@code current < best - minDelta} (min) or
 * {@code current > best + minDelta} (max).
 */
public final class Monitor {
    /** Whether smaller or larger is better. */
    public enum Mode {
        /** MAX for accuracy-like names (see the class comment), MIN otherwise. */
        AUTO,
        /** Smaller is better (losses, errors). */
        MIN,
        /** Larger is better (accuracy, AUC, ...). */
        MAX
    }

    private static final java.util.List<String> HIGHER_IS_BETTER = java.util.List.of("acc", "auc", "precision", "recall", "f1", "iou");

    private final String key;
    private final boolean maximize;
    private final float minDelta;
    private float best;

    /**
     * A monitor with no best value yet.
     *
     * @param key the log key watched, e.g. {@code val_loss}
     * @param mode whether smaller or larger is better
     * @param minDelta the smallest change that counts as an improvement (its sign is ignored)
     */
    public Monitor(String key, Mode mode, float minDelta) {
        this.key = key;
        String k = key.toLowerCase(Locale.ROOT);
        this.maximize = mode == Mode.MAX || (mode == Mode.AUTO && !k.contains("loss") && HIGHER_IS_BETTER.stream().anyMatch(k::contains));
        this.minDelta = Math.abs(minDelta);
        reset();
    }

    /**
     * The watched log key.
     *
     * @return e.g. {@code val_loss}
     */
    public String key() {
        return key;
    }

    /**
     * The direction of improvement, with {@link Mode#AUTO} resolved.
     *
     * @return true if larger is better
     */
    public boolean maximize() {
        return maximize;
    }

    /**
     * The best value recorded by {@link #update}.
     *
     * @return the value; +infinity (minimizing) or -infinity (maximizing) after a reset
     */
    public float best() {
        return best;
    }

    /** Forgets the best value, as at the start of training. */
    public void reset() {
        best = maximize ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    }

    /**
     * The monitored value in the logs.
     *
     * @param logs an epoch's logs
     * @param who the callback's name, for the error message
     * @return the value of {@link #key()}
     * @throws IllegalStateException if the logs lack the key (the message lists the available ones)
     */
    public float value(Map<String, Float> logs, String who) {
        Float v = logs.get(key);
        if (v == null) {
            throw new IllegalStateException(who + ": monitored quantity '" + key + "' is not in the logs; available: " + logs.keySet()
                    + (key.startsWith("val_") ? " (val_ keys need validationSplit or validationData)" : ""));
        }
        return v;
    }

    /**
     * Whether a value improves on the best so far by more than minDelta; NaN never does.
     *
     * @param current the new value
     * @return true if it is an improvement (the best is not changed)
     */
    public boolean isImprovement(float current) {
        if (Float.isNaN(current)) return false;
        return maximize ? current - minDelta > best : current + minDelta < best;
    }

    /**
     * Records a value as the best when it improves.
     *
     * @param current the new value
     * @return whether it improved (and was recorded)
     */
    public boolean update(float current) {
        if (!isImprovement(current)) return false;
        best = current;
        return true;
    }
}
