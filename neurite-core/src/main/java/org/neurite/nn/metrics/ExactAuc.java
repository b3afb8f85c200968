package org.neurite.nn.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact areas under the ROC and precision-recall curves of binary scores, with tied scores as one
 * point of the curve, as scikit-learn's {@code roc_auc_score} and {@code average_precision_score}:
 * ROC by trapezoids between the distinct scores, average precision as
 * {@code sum_k (R_k - R_{k-1}) P_k} (a step function, no interpolation). O(n log n) in the number
 * of samples; for an epoch-long running estimate with constant memory, use {@link AUC}.
 */
public final class ExactAuc {
    private ExactAuc() {}

    /**
     * The exact area under the ROC curve.
     *
     * @param labels 0/1 labels, one per sample
     * @param scores scores (any real values; higher means more positive), as many as the labels
     * @return the area in [0, 1]; NaN when only one class is present
     */
    public static double roc(float[] labels, float[] scores) {
        double[] area = {0};
        walk(labels, scores, (tp, fp, tpPrev, fpPrev, pos, neg) -> area[0] += (double) (fp - fpPrev) / neg * ((double) (tp + tpPrev) / pos) / 2);
        return hasBoth(labels) ? area[0] : Double.NaN;
    }

    /**
     * The average precision, the area under the precision-recall step curve.
     *
     * @param labels 0/1 labels, one per sample
     * @param scores scores, as many as the labels
     * @return the average precision in [0, 1]; NaN when no label is positive
     */
    public static double averagePrecision(float[] labels, float[] scores) {
        double[] area = {0};
        walk(labels, scores, (tp, fp, tpPrev, fpPrev, pos, neg) -> area[0] += (double) (tp - tpPrev) / pos * ((double) tp / (tp + fp)));
        return count(labels, 1f) == 0 ? Double.NaN : area[0];
    }

    private interface Step {
        void at(long tp, long fp, long tpPrev, long fpPrev, long pos, long neg);
    }

    /** Visits the curve's points from the highest score down, one per distinct score. */
    private static void walk(float[] labels, float[] scores, Step step) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException("ExactAuc: " + labels.length + " labels but " + scores.length + " scores");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0f && labels[i] != 1f) throw new IllegalArgumentException("ExactAuc: labels must be 0 or 1, got " + labels[i] + " at index " + i);
            if (Float.isNaN(scores[i])) throw new IllegalArgumentException("ExactAuc: score " + i + " is NaN");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        long pos = count(labels, 1f), neg = labels.length - pos;
        long tp = 0, fp = 0;
        for (int k = 0; k < order.length; ) {
            long tpPrev = tp, fpPrev = fp;
            float s = scores[order[k]];
            for (; k < order.length && scores[order[k]] == s; k++) {
                if (labels[order[k]] == 1f) tp++;
                else fp++;
            }
            step.at(tp, fp, tpPrev, fpPrev, pos, neg);
        }
    }

    private static boolean hasBoth(float[] labels) {
        long pos = count(labels, 1f);
        return pos > 0 && pos < labels.length;
    }

    private static long count(float[] labels, float value) {
        long n = 0;
        for (float l : labels) if (l == value) n++;
        return n;
    }
}
