package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * A training objective: a differentiable scalar computed from the targets and the predictions of
 * a batch. The built-in losses average over the batch (Keras' default reduction,
 * {@code sum_over_batch_size}); any lambda {@code (yTrue, yPred) -> scalar} written with tensor
 * ops can serve as a custom loss.
 */
public interface Loss {
    /** The loss of the batch as a scalar tensor, differentiable with respect to {@code yPred}. */
    Tensor compute(Tensor yTrue, Tensor yPred);

    /** Keras' name, e.g. {@code mean_squared_error}. */
    String name();
}
