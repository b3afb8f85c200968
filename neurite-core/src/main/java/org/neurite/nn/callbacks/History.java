package org.neurite.nn.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch logs of a fit, returned by {@code fit} as Keras' {@code History}:
 * {@link #history()} maps each key to its values over the epochs ({@code history.history["loss"]}).
 */
public final class History implements Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Float>> history = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Float> e : logs.entrySet()) {
            List<Float> values = history.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (values.size() < epochs.size() - 1) values.add(Float.NaN);
            values.add(e.getValue());
        }
    }

    /**
     * Every logged key's values over the epochs (Keras' {@code history.history}).
     *
     * @return an unmodifiable map, key to one value per recorded epoch (NaN where a key was
     *     missing in an earlier epoch), in first-logged order
     */
    public Map<String, List<Float>> history() {
        return Collections.unmodifiableMap(history);
    }

    /**
     * The values of one key over the epochs.
     *
     * @param key a log key, e.g. {@code loss} or {@code val_accuracy}
     * @return an unmodifiable list, one value per epoch
     * @throws IllegalArgumentException if the key was never logged (the message lists the keys)
     */
    public List<Float> get(String key) {
        List<Float> v = history.get(key);
        if (v == null) throw new IllegalArgumentException("no '" + key + "' in the history; available: " + history.keySet());
        return Collections.unmodifiableList(v);
    }

    /**
     * The epoch numbers that were run.
     *
     * @return an unmodifiable list, 0-based, starting at the fit's initial epoch
     */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The logs of one recorded epoch.
     *
     * @param i the position in {@link #epochs()} (not the epoch number), 0-based
     * @return a new map, key to value, of the keys logged up to that epoch; empty if {@code i} is
     *     past the last epoch
     */
    public Map<String, Float> epoch(int i) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<Float>> e : history.entrySet()) {
            if (i < e.getValue().size()) m.put(e.getKey(), e.getValue().get(i));
        }
        return m;
    }

    /**
     * The last value of a key, e.g. the final {@code val_loss}.
     *
     * @param key a log key
     * @return its value in the last recorded epoch
     * @throws IllegalArgumentException if the key was never logged
     */
    public float last(String key) {
        List<Float> v = get(key);
        return v.get(v.size() - 1);
    }

    @Override
    public String toString() {
        return "History" + history;
    }
}
