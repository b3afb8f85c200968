package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Huber loss, Keras' {@code huber} (default delta 1): with {@code e = p - y},
 * {@code l = 0.5 e^2} where {@code |e| <= delta}, {@code delta (|e| - 0.5 delta)} elsewhere;
 * mean over the last axis, then the batch mean. Quadratic near zero, linear (gradient
 * {@code ±delta}) for outliers.
 */
public final class Huber extends PerSampleLoss {
    private final float delta;

    /** With Keras' default delta of 1. */
    public Huber() {
        this(1f);
    }

    /**
     * A Huber loss with the given threshold.
     *
     * @param delta the error size where the loss turns from quadratic to linear, in the units of
     *     the targets; finite and &gt; 0
     * @throws IllegalArgumentException if delta is not finite and positive
     */
    public Huber(float delta) {
        super("huber");
        if (!(delta > 0) || Float.isInfinite(delta)) throw new IllegalArgumentException("huber: delta must be a finite number > 0, got " + delta);
        this.delta = delta;
    }

    /**
     * The threshold between the quadratic and linear parts.
     *
     * @return delta (default 1)
     */
    public float delta() {
        return delta;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor e = yPred.sub(alignTargets(yTrue, yPred));
        Tensor a = e.abs();
        Tensor quadratic = e.square().mul(0.5f);
        Tensor linear = a.sub(0.5f * delta).mul(delta);
        Tensor large = a.detach().gt(Tensor.scalar(delta)); // 1 where |e| > delta
        return meanLastAxis(Tensor.where(large, linear, quadratic));
    }
}
