package org.neurite.nn.callbacks;

import java.util.Map;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.training.Trainer;

/**
 * Reduces the learning rate when a monitored quantity has stopped improving, as Keras'
 * {@code ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, mode="auto",
 * min_delta=1e-4, cooldown=0, min_lr=0)}. At the end of each epoch:
 * <pre>
 * if in cooldown (cooldownCounter > 0): cooldownCounter -= 1; wait = 0
 * if current improves on best by more than minDelta: best = current; wait = 0
 * else if not in cooldown:
 *     wait += 1
 *     if wait >= patience and lr > minLr:
 *         lr = max(lr · factor, minLr); cooldownCounter = cooldown; wait = 0
 * </pre>
 * It logs the learning rate as {@code learning_rate}. It cannot be combined with a learning-rate
 * schedule set on the optimizer (which owns the rate).
 */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final float factor;
    private final int patience;
    private final int cooldown;
    private final float minLr;
    private Trainer trainer;
    private int wait;
    private int cooldownCounter;

    /** Keras' defaults: val_loss, factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1f, 10);
    }

    /**
     * A plateau reducer with minDelta 1e-4, no cooldown and no floor.
     *
     * @param monitor the log key watched, e.g. {@code val_loss}; direction from the name
     * @param factor the rate is multiplied by it on a plateau; in [0, 1)
     * @param patience epochs without improvement before reducing; &gt;= 0
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ReduceLROnPlateau(String monitor, float factor, int patience) {
        this(monitor, factor, patience, Monitor.Mode.AUTO, 1e-4f, 0, 0f);
    }

    /**
     * A plateau reducer with all of Keras' options.
     *
     * @param monitor the log key watched; training fails with {@link IllegalStateException} if
     *     the logs lack it
     * @param factor the rate is multiplied by it on a plateau; in [0, 1)
     * @param patience epochs without improvement before reducing; &gt;= 0
     * @param mode whether smaller or larger is better ({@link Monitor.Mode#AUTO}: from the name)
     * @param minDelta the smallest change that counts as an improvement, in the monitored units
     * @param cooldown epochs after a reduction during which no new reduction happens; &gt;= 0
     * @param minLr the rate never goes below it; &gt;= 0
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ReduceLROnPlateau(String monitor, float factor, int patience, Monitor.Mode mode, float minDelta, int cooldown, float minLr) {
        if (!(factor < 1f && factor >= 0f)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1) (it multiplies the rate), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(minLr >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + minLr);
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        Optimizer opt = trainer.optimizer();
        if (opt.learningRateSchedule() != null) {
            throw new IllegalStateException("ReduceLROnPlateau: the optimizer's learning rate follows the schedule " + opt.learningRateSchedule()
                    + "; use one or the other");
        }
        monitor.reset();
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        Optimizer opt = trainer.optimizer();
        logs.put("learning_rate", opt.learningRate());
        float current = monitor.value(logs, "ReduceLROnPlateau");
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.update(current)) {
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                float old = opt.learningRate();
                if (old > minLr) {
                    double reduced = Math.max(Double.parseDouble(Float.toString(old)) * Double.parseDouble(Float.toString(factor)), minLr);
                    opt.setLearningRate((float) reduced);
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    /**
     * The patience counter.
     *
     * @return epochs since the last improvement or reduction, not counting cooldown epochs
     */
    public int waitCount() {
        return wait;
    }

    /**
     * The best monitored value so far.
     *
     * @return the value; +infinity (minimizing) or -infinity (maximizing) before any epoch
     */
    public float best() {
        return monitor.best();
    }
}
