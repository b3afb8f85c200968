package org.neurite.nn.optimizers.schedules;

/**
 * Keras 3's {@code CosineDecay(initial_learning_rate, decay_steps, alpha=0, warmup_target=None,
 * warmup_steps=0)}. Without warm-up, for step t:
 * <pre>
 * t' = min(t, decaySteps)
 * lr(t) = initial · ((1 - alpha) · ½ (1 + cos(π t' / decaySteps)) + alpha)
 * </pre>
 * so it falls from {@code initial} to {@code alpha · initial} and stays there. With
 * {@link #warmup(float, long)}, it first rises linearly from {@code initial} to {@code target}
 * over {@code warmupSteps} steps ({@code initial + (target - initial) · t / warmupSteps}), then
 * decays from {@code target} as above with {@code t - warmupSteps}.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final float initial;
    private final long decaySteps;
    private float alpha;
    private float warmupTarget = Float.NaN;
    private long warmupSteps;

    /**
     * @param initial the learning rate at step 0, finite and {@code >= 0}
     * @param decaySteps the steps over which it decays, {@code >= 1}
     */
    public CosineDecay(float initial, long decaySteps) {
        if (!(initial >= 0) || Float.isInfinite(initial)) throw new IllegalArgumentException("CosineDecay: initial learning rate must be a finite number >= 0, got " + initial);
        if (decaySteps < 1) throw new IllegalArgumentException("CosineDecay: decaySteps must be >= 1, got " + decaySteps);
        this.initial = initial;
        this.decaySteps = decaySteps;
    }

    /**
     * The final learning rate as a fraction of the initial (or warm-up target) one; default 0.
     *
     * @param alpha the fraction, in [0, 1]
     * @return this
     */
    public CosineDecay alpha(float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("CosineDecay: alpha must be in [0, 1], got " + alpha);
        this.alpha = alpha;
        return this;
    }

    /**
     * A linear warm-up from the initial learning rate to {@code target} over {@code steps} steps.
     *
     * @param target the learning rate at the end of the warm-up
     * @param steps the warm-up steps
     * @return this
     */
    public CosineDecay warmup(float target, long steps) {
        LearningRateSchedule.requirePositive("CosineDecay", "warm-up target", target);
        if (steps < 0) throw new IllegalArgumentException("CosineDecay: warm-up steps must be >= 0, got " + steps);
        this.warmupTarget = target;
        this.warmupSteps = steps;
        return this;
    }

    @Override
    public float at(long step) {
        double t = Math.max(0, step);
        double init = LearningRateSchedule.exact(initial);
        if (Float.isNaN(warmupTarget)) return (float) decayed(Math.min(t, decaySteps), init);
        double target = LearningRateSchedule.exact(warmupTarget);
        t = Math.min(t, decaySteps + warmupSteps);
        if (t < warmupSteps) return (float) ((target - init) * (t / warmupSteps) + init);
        return (float) decayed(t - warmupSteps, target);
    }

    private double decayed(double t, double from) {
        double a = LearningRateSchedule.exact(alpha);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * t / decaySteps));
        return from * ((1 - a) * cosine + a);
    }

    @Override
    public String toString() {
        return "CosineDecay(initial=" + initial + ", decaySteps=" + decaySteps + ", alpha=" + alpha
                + (Float.isNaN(warmupTarget) ? "" : ", warmupTarget=" + warmupTarget + ", warmupSteps=" + warmupSteps) + ")";
    }
}
