package org.neurite.nn.metrics;

/** {@link TopKCategoricalAccuracy} with class-index labels {@code (N,)} or {@code (N, 1)} (Keras' {@code SparseTopKCategoricalAccuracy}). */
public final class SparseTopKCategoricalAccuracy extends TopKCategoricalAccuracy {
    /** Keras' default: k = 5. */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /**
     * A top-k accuracy with class-index labels.
     *
     * @param k how many of the highest scores count as a hit; &gt;= 1
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public SparseTopKCategoricalAccuracy(int k) {
        super("sparse_top_k_categorical_accuracy", k, true);
    }
}
