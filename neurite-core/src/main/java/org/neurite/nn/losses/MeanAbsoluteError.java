package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/** Mean absolute error, Keras' {@code mae}: per sample {@code mean_j |y_j - p_j|}, then the batch mean. */
public final class MeanAbsoluteError extends PerSampleLoss {
    /** Named {@code mean_absolute_error}, with the default reduction. */
    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        return meanLastAxis(yPred.sub(alignTargets(yTrue, yPred)).abs());
    }
}
