package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/** Mean squared error, Keras' {@code mse}: per sample {@code mean_j (y_j - p_j)^2}, then the batch mean. */
public final class MeanSquaredError extends PerSampleLoss {
    /** Named {@code mean_squared_error}, with the default reduction. */
    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor diff = yPred.sub(alignTargets(yTrue, yPred));
        return meanLastAxis(diff.square());
    }
}
