package org.neurite.nn.optimizers.schedules;

/**
 * Step decay: the learning rate is multiplied by {@code factor} every {@code stepSize} steps,
 * {@code lr(t) = initial · factor^floor(t / stepSize)}; e.g. {@code new StepDecay(0.1f, 0.5f, 10)}
 * halves it every 10 steps (or every 10 epochs through a LearningRateScheduler). This is Keras'
 * {@code ExponentialDecay(initial, stepSize, factor, staircase=True)}, under its textbook name.
 */
public final class StepDecay implements LearningRateSchedule {
    private final float initial;
    private final float factor;
    private final long stepSize;

    /**
     * @param initial the learning rate at step 0, {@code > 0}
     * @param factor what it is multiplied by every {@code stepSize} steps, {@code > 0}
     * @param stepSize the steps between two drops, {@code >= 1}
     */
    public StepDecay(float initial, float factor, long stepSize) {
        LearningRateSchedule.requirePositive("StepDecay", "initial learning rate", initial);
        LearningRateSchedule.requirePositive("StepDecay", "factor", factor);
        if (stepSize < 1) throw new IllegalArgumentException("StepDecay: stepSize must be >= 1, got " + stepSize);
        this.initial = initial;
        this.factor = factor;
        this.stepSize = stepSize;
    }

    @Override
    public float at(long step) {
        long drops = Math.max(0, step) / stepSize;
        return (float) (LearningRateSchedule.exact(initial) * Math.pow(LearningRateSchedule.exact(factor), drops));
    }

    @Override
    public String toString() {
        return "StepDecay(initial=" + initial + ", factor=" + factor + ", stepSize=" + stepSize + ")";
    }
}
