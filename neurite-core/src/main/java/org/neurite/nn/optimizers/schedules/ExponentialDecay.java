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

    public ExponentialDecay(float initial, long decaySteps, float decayRate, boolean staircase) {
        LearningRateSchedule.requirePositive("ExponentialDecay", "initial learning rate", initial);
        LearningRateSchedule.requirePositive("ExponentialDecay", "decayRate", decayRate);
        if (decaySteps < 1) throw new IllegalArgumentException("ExponentialDecay: decaySteps must be >= 1, got " + decaySteps);
        this.initial = initial;
        this.decaySteps = decaySteps;
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

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
