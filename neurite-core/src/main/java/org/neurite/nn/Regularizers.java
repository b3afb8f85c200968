package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Keras' weight regularizers as values that a saved model can record (a lambda cannot be saved).
 * {@code l2(0.01)} adds 0.01 * sum(w^2) to the loss (no 1/2, as Keras).
 */
public final class Regularizers {
    private Regularizers() {}

    /** l1 * sum(|w|) + l2 * sum(w^2). */
    public record L1L2(float l1, float l2) implements Regularizer {
        @Override
        public Tensor penalty(Tensor w) {
            Tensor p = null;
            if (l1 != 0f) p = w.abs().sum().mul(l1);
            if (l2 != 0f) {
                Tensor q = w.square().sum().mul(l2);
                p = p == null ? q : p.add(q);
            }
            return p == null ? Tensor.scalar(0f) : p;
        }
    }

    public static Regularizer l1(float factor) {
        return new L1L2(factor, 0f);
    }

    public static Regularizer l2(float factor) {
        return new L1L2(0f, factor);
    }

    public static Regularizer l1l2(float l1, float l2) {
        return new L1L2(l1, l2);
    }
}
