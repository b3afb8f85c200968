package org.neurite.spark;

import java.io.Serializable;

/**
 * One training sample in an RDD: its position {@code index} in the data set (0..n-1, which fixes
 * the global batches exactly as single-process training forms them), the features flattened
 * row-major in the model's input shape without the batch dimension, and the target flattened in
 * the output's shape (a one-hot row, a class index, or regression values, as the loss expects).
 */
public record LabeledSample(long index, float[] features, float[] label) implements Serializable {
    public LabeledSample {
        if (index < 0) throw new IllegalArgumentException("sample index must be >= 0, got " + index);
        if (features == null || label == null) throw new IllegalArgumentException("sample " + index + ": features and label must not be null");
    }
}
