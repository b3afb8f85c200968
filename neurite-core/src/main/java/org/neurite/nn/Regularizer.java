package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** A penalty on a weight that is added to the training loss. */
@FunctionalInterface
public interface Regularizer {
    /**
     * The penalty of a weight.
     *
     * @param weight the weight's current value, any shape
     * @return a differentiable scalar tensor, added to the training loss
     */
    Tensor penalty(Tensor weight);

    /**
     * Keras' L2 penalty {@code factor * sum(w^2)} (note: no 1/2).
     *
     * @param factor the penalty's weight, e.g. 0.01
     * @return the regularizer
     */
    static Regularizer l2(float factor) {
        return w -> w.square().sum().mul(factor);
    }

    /**
     * Keras' L1 penalty {@code factor * sum(|w|)}.
     *
     * @param factor the penalty's weight, e.g. 0.01
     * @return the regularizer
     */
    static Regularizer l1(float factor) {
        return w -> w.abs().sum().mul(factor);
    }
}
