package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * A loss defined sample by sample and averaged over the batch: {@code compute = mean(perSample)}.
 * For predictions of rank >= 2 the last axis holds the features or classes of one sample
 * (Keras reduces it inside the per-sample loss); every other axis is averaged.
 */
public abstract class PerSampleLoss implements Loss {
    private final String name;

    protected PerSampleLoss(String name) {
        this.name = name;
    }

    /** One value per sample (per position, for sequence or image outputs): shape of yPred without its last axis. */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        return perSample(yTrue, yPred).mean();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * yTrue reshaped to yPred's shape when both hold the same number of values, so (N,) targets
     * meet (N, 1) predictions instead of broadcasting to (N, N).
     */
    protected Tensor alignTargets(Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape());
        }
        return yTrue.detach().reshape(yPred.shape().dims());
    }

    /** Mean over the last axis for rank >= 2; rank 0 and 1 are already per sample. */
    protected static Tensor meanLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.mean(-1, false) : t;
    }

    protected static Tensor sumLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.sum(-1, false) : t;
    }
}
