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
    public enum Mode { AUTO, MIN, MAX }

    private static final java.util.List<String> HIGHER_IS_BETTER = java.util.List.of("acc", "auc", "precision", "recall", "f1", "iou");

    private final String key;
    private final boolean maximize;
    private final float minDelta;
    private float best;

    public Monitor(String key, Mode mode, float minDelta) {
        this.key = key;
        String k = key.toLowerCase(Locale.ROOT);
        this.maximize = mode == Mode.MAX || (mode == Mode.AUTO && !k.contains("loss") && HIGHER_IS_BETTER.stream().anyMatch(k::contains));
        this.minDelta = Math.abs(minDelta);
        reset();
    }

    public String key() {
        return key;
    }

    public boolean maximize() {
        return maximize;
    }

    public float best() {
        return best;
    }

    public void reset() {
        best = maximize ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    }

    /** The monitored value in the logs; fails naming the available keys when it is missing. */
    public float value(Map<String, Float> logs, String who) {
        Float v = logs.get(key);
        if (v == null) {
            throw new IllegalStateException(who + ": monitored quantity '" + key + "' is not in the logs; available: " + logs.keySet()
                    + (key.startsWith("val_") ? " (val_ keys need validationSplit or validationData)" : ""));
        }
        return v;
    }

    /** True when {@code current} improves on the best so far by more than minDelta. */
    public boolean isImprovement(float current) {
        if (Float.isNaN(current)) return false;
        return maximize ? current - minDelta > best : current + minDelta < best;
    }

    /** Records {@code current} as the best when it improves; returns whether it did. */
    public boolean update(float current) {
        if (!isImprovement(current)) return false;
        best = current;
        return true;
    }
}
