package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Hinge loss, Keras' {@code hinge}: {@code l = mean_j max(0, 1 - y_j p_j)}, then the batch mean;
 * {@link #squared()} gives Keras' {@code squared_hinge}, {@code mean_j max(0, 1 - y_j p_j)^2}.
 * Labels are -1 or 1; as in Keras, labels that are all 0 or 1 are converted to -1/1
 * ({@code y' = 2y - 1}). The predictions are raw scores (no sigmoid).
 */
public final class Hinge extends PerSampleLoss {
    private final boolean squared;

    /** Keras' {@code hinge} (not squared). */
    public Hinge() {
        this(false);
    }

    private Hinge(boolean squared) {
        super(squared ? "squared_hinge" : "hinge");
        this.squared = squared;
    }

    /**
     * Keras' {@code squared_hinge}: {@code mean_j max(0, 1 - y_j p_j)^2}.
     *
     * @return a new squared hinge loss, named {@code squared_hinge}
     */
    public static Hinge squared() {
        return new Hinge(true);
    }

    /**
     * Whether the margin violation is squared.
     *
     * @return true for {@code squared_hinge}, false for {@code hinge}
     */
    public boolean isSquared() {
        return squared;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = signLabels(alignTargets(yTrue, yPred).detach());
        Tensor margin = y.mul(yPred).rsub(1f).relu();
        return meanLastAxis(squared ? margin.square() : margin);
    }

    /** Keras' {@code _maybe_convert_labels}: labels all in {0, 1} become -1/1; others are kept. */
    static Tensor signLabels(Tensor y) {
        for (float v : y.data()) if (v != 0f && v != 1f) return y;
        return y.mul(2f).sub(1f);
    }
}
