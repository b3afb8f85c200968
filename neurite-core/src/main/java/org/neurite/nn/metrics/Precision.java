package org.neurite.nn.metrics;

/**
 * {@code TP / (TP + FP)} over every sample seen (Keras' {@code keras.metrics.Precision}): of the
 * entries predicted positive, the fraction that are. Predictions are probabilities in a column
 * {@code (N,)}/{@code (N, 1)} or a matrix {@code (N, C)}; labels 0/1 shaped like them, or class
 * indices (expanded to one-hot). See {@link ThresholdCounts} for what counts as predicted positive.
 * 0 when nothing was predicted positive (as Keras and scikit-learn's {@code zero_division=0}).
 */
public final class Precision extends ThresholdCounts {
    /** Keras' {@code Precision()}: threshold 0.5 over every entry. */
    public Precision() {
        this("precision", 0.5f, 0, -1);
    }

    /**
     * A precision with every option of Keras' {@code Precision}.
     *
     * @param name      the key in the logs
     * @param threshold scores above it are predicted positive
     * @param topK      0, or count only the k highest scores of each row
     *                  ({@code topK(1)} with threshold {@code -Infinity} means argmax)
     * @param classId   -1 for every entry, or one class against the rest
     * @throws IllegalArgumentException if {@code topK} is negative or {@code classId} &lt; -1
     */
    public Precision(String name, float threshold, int topK, int classId) {
        super(name, threshold, topK, classId);
    }

    /**
     * Precision of one class against the rest, deciding by threshold 0.5 on its score (Keras' {@code class_id}).
     *
     * @param classId the class, an index into the predictions' last axis
     * @return a new metric named {@code precision_<classId>}
     */
    public static Precision ofClass(int classId) {
        return new Precision("precision_" + classId, 0.5f, 0, classId);
    }

    /**
     * Precision of one class, predicted when it has the highest score of its row (Keras' {@code top_k=1, class_id}).
     *
     * @param classId the class, an index into the predictions' last axis
     * @return a new metric
     */
    public static Precision ofClassByArgmax(int classId) {
        return new Precision("precision_" + classId, Float.NEGATIVE_INFINITY, 1, classId);
    }

    @Override
    public float result() {
        return ratio(truePositives, truePositives + falsePositives);
    }
}
