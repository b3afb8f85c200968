package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** A penalty on a weight that is added to the training loss. */
@FunctionalInterface
public interface Regularizer {
    /** The penalty as a differentiable scalar tensor. */
    Tensor penalty(Tensor weight);

    /** Keras' L2: factor * sum(w^2) (note: no 1/2). */
    static Regularizer l2(float factor) {
        return w -> w.square().sum().mul(factor);
    }

    /** Keras' L1: factor * sum(|w|). */
    static Regularizer l1(float factor) {
        return w -> w.abs().sum().mul(factor);
    }
}
