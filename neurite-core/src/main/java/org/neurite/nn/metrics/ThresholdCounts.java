package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * True positives, false positives and false negatives of yes/no decisions, counted over every
 * sample seen, as Keras' {@code Precision} and {@code Recall}: an entry is predicted positive when
 * its score is above the threshold and, with {@code topK}, among the k highest of its row (scores
 * tied at the k-th place all count as in; Keras' {@code top_k} keeps exactly k). Without
 * a class id every entry of the {@code (rows, classes)} matrix is one decision (binary outputs,
 * multi-label, or micro averaging over classes); with a class id only that column counts
 * (one class against the rest).
 */
abstract class ThresholdCounts implements Metric {
    private final String name;
    private final float threshold;
    private final int topK;
    private final int classId;
    long truePositives;
    long falsePositives;
    long falseNegatives;
    private boolean seen;

    /**
     * @param threshold decision threshold on the scores (Keras' default 0.5; with topK Keras
     *                  defaults to -infinity so that membership in the top k alone decides)
     * @param topK      0 for none
     * @param classId   -1 for every column
     */
    ThresholdCounts(String name, float threshold, int topK, int classId) {
        if (topK < 0) throw new IllegalArgumentException(name + ": topK must be >= 1 (or 0 for none), got " + topK);
        if (classId < -1) throw new IllegalArgumentException(name + ": classId must be >= 0 (or -1 for all classes), got " + classId);
        this.name = name;
        this.threshold = threshold;
        this.topK = topK;
        this.classId = classId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        truePositives = falsePositives = falseNegatives = 0;
        seen = false;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        ClassScores b = ClassScores.of(name, yTrue, yPred);
        if (classId >= b.classes) {
            throw new IllegalArgumentException(name + ": classId " + classId + " is out of range for predictions of shape " + yPred.shape() + " (" + b.classes + " classes)");
        }
        int from = classId < 0 ? 0 : classId, to = classId < 0 ? b.classes : classId + 1;
        for (int r = 0; r < b.rows; r++) {
            for (int c = from; c < to; c++) {
                boolean predicted = b.score(r, c) > threshold && (topK == 0 || b.inTopK(r, c, topK));
                boolean actual = b.isTrue(r, c);
                if (predicted && actual) truePositives++;
                else if (predicted) falsePositives++;
                else if (actual) falseNegatives++;
            }
        }
        seen = true;
    }

    /** {@code num / den}, 0 when {@code den} is 0 (Keras' {@code divide_no_nan}), NaN before any update. */
    float ratio(long num, long den) {
        if (!seen) return Float.NaN;
        return den == 0 ? 0f : (float) ((double) num / den);
    }
}
