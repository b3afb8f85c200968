package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * How often the true class is among the k highest-scoring predictions (Keras'
 * {@code TopKCategoricalAccuracy}, k = 5 by default), over every sample seen. Predictions
 * {@code (N, C)}; labels one-hot {@code (N, C)}, or with {@link #sparse} class indices {@code (N,)}
 * / {@code (N, 1)} ({@link SparseTopKCategoricalAccuracy}). Ties at the k-th place count as hits,
 * as {@code tf.math.in_top_k}.
 */
public class TopKCategoricalAccuracy implements Metric {
    private final String name;
    private final int k;
    private final boolean sparse;
    private long hits;
    private long total;

    /** Keras' default: k = 5, one-hot labels. */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /**
     * A top-k accuracy with one-hot labels.
     *
     * @param k how many of the highest scores count as a hit; &gt;= 1
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public TopKCategoricalAccuracy(int k) {
        this("top_k_categorical_accuracy", k, false);
    }

    TopKCategoricalAccuracy(String name, int k, boolean sparse) {
        if (k < 1) throw new IllegalArgumentException(name + ": k must be >= 1, got " + k);
        this.name = name;
        this.k = k;
        this.sparse = sparse;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        hits = total = 0;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        int classes = ClassScores.classCount(yPred);
        int rows = yPred.size() / classes;
        boolean oneHot = yTrue.size() == yPred.size() && classes > 1;
        if (sparse == oneHot || classes < 2) {
            throw new IllegalArgumentException(name + ": expected " + (sparse ? "one class index per row" : "one-hot labels shaped like the predictions")
                    + " for predictions (N, C) with C > 1, got labels " + yTrue.shape() + " and predictions " + yPred.shape());
        }
        ClassScores b = ClassScores.of(name, yTrue, yPred);
        for (int r = 0; r < rows; r++) {
            int target = -1;
            for (int c = 0; c < classes && target < 0; c++) if (b.isTrue(r, c)) target = c;
            if (target < 0) throw new IllegalArgumentException(name + ": row " + r + " of the one-hot labels has no 1");
            if (b.inTopK(r, target, k)) hits++;
        }
        total += rows;
    }

    @Override
    public float result() {
        return total == 0 ? Float.NaN : (float) ((double) hits / total);
    }
}
