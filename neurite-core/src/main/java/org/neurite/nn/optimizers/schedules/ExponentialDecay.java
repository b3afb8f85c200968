package org.neurite.nn.optimizers.schedules;

/**
 * Keras' {@code ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase)}:
 * {@code lr(t) = initial · rate^(t / decaySteps)}, with {@code t / decaySteps} rounded down when
 * {@code staircase} (then it falls in steps, every decaySteps steps).
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final float initial;
    private final long decaySteps;
    private final float decayRate;
    private final boolean staircase;

    /**
     * @param initial the learning rate at step 0, {@code > 0}
     * @param decaySteps the steps over which it is multiplied by {@code decayRate} once, {@code >= 1}
     * @param decayRate the factor per {@code decaySteps} steps, {@code > 0}
     * @param staircase true to fall in steps (the exponent rounded down)
     */
    public ExponentialDecay(float initial, long decaySteps, float decayRate, boolean staircase) {
        LearningRateSchedule.requirePositive("ExponentialDecay", "initial learning rate", initial);
        LearningRateSchedule.requirePositive("ExponentialDecay", "decayRate", decayRate);
        if (decaySteps < 1) throw new IllegalArgumentException("ExponentialDecay: decaySteps must be >= 1, got " + decaySteps);
        this.initial = initial;
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

    /**
     * Smooth decay (not staircase).
     *
     * @param initial the learning rate at step 0, {@code > 0}
     * @param decaySteps the steps over which it is multiplied by {@code decayRate} once, {@code >= 1}
     * @param decayRate the factor per {@code decaySteps} steps, {@code > 0}
     */
    public ExponentialDecay(float initial, long decaySteps, float decayRate) {
        this(initial, decaySteps, decayRate, false);
    }

    @Override
    public float at(long step) {
        double p = (double) Math.max(0, step) / decaySteps;
        if (staircase) p = Math.floor(p);
        return (float) (LearningRateSchedule.exact(initial) * Math.pow(LearningRateSchedule.exact(decayRate), p));
    }

    @Override
    public String toString() {
        return "ExponentialDecay(initial=" + initial + ", decaySteps=" + decaySteps + ", decayRate=" + decayRate + ", staircase=" + staircase + ")";
    }
}
