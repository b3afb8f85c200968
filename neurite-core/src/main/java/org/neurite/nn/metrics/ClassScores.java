package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * A classification batch seen as a {@code (rows, classes)} matrix of predicted scores and 0/1
 * truths, the common ground of the confusion-based metrics. Predictions {@code (..., C)} give C
 * classes per row; {@code (N,)} or {@code (..., 1)} give one column (a binary output). Labels
 * are either shaped like the predictions (one-hot, binary or multi-label 0/1 values) or hold one
 * class index per row (sparse: {@code (N,)}, {@code (N, 1)}, or the predictions' shape without
 * the class axis), which is expanded to one-hot here.
 */
final class ClassScores {
    final int rows;
    final int classes;
    /** Predicted scores, row-major {@code (rows, classes)}; a view of the prediction's data. */
    final float[] scores;
    /** 0/1 truths, row-major {@code (rows, classes)}. */
    final float[] truth;

    private ClassScores(int rows, int classes, float[] scores, float[] truth) {
        this.rows = rows;
        this.classes = classes;
        this.scores = scores;
        this.truth = truth;
    }

    /** Reads a batch; {@code metric} names the metric in error messages. */
    static ClassScores of(String metric, Tensor yTrue, Tensor yPred) {
        int classes = classCount(yPred);
        int rows = yPred.size() / classes;
        float[] p = yPred.data();
        float[] y = yTrue.data();
        if (yTrue.size() == yPred.size()) {
            for (int i = 0; i < y.length; i++) {
                if (y[i] != 0f && y[i] != 1f) {
                    throw new IllegalArgumentException(metric + ": labels shaped like the predictions " + yPred.shape()
                            + " must be 0 or 1 (one-hot or binary), got " + y[i] + " at flat index " + i);
                }
            }
            return new ClassScores(rows, classes, p, y);
        }
        if (yTrue.size() == rows && classes > 1) {
            float[] oneHot = new float[rows * classes];
            for (int r = 0; r < rows; r++) oneHot[r * classes + classIndex(metric, y[r], classes, r)] = 1f;
            return new ClassScores(rows, classes, p, oneHot);
        }
        throw new IllegalArgumentException(metric + ": labels of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape()
                + "; give one-hot or 0/1 labels shaped like the predictions, or one class index per row");
    }

    /** The number of classes a prediction tensor has along its last axis (1 for a binary output). */
    static int classCount(Tensor yPred) {
        return yPred.rank() <= 1 ? 1 : yPred.shape().dim(-1);
    }

    /** A label value as a class index in {@code [0, classes)}; fails naming the row otherwise. */
    static int classIndex(String metric, float label, int classes, int row) {
        int k = (int) label;
        if (k != label || k < 0 || k >= classes) {
            throw new IllegalArgumentException(metric + ": label " + label + " of row " + row + " is not a class index in [0, " + classes + ")");
        }
        return k;
    }

    float score(int row, int c) {
        return scores[row * classes + c];
    }

    boolean isTrue(int row, int c) {
        return truth[row * classes + c] == 1f;
    }

    /** The first class with the highest score in a row (as {@code argmax}). */
    int argmax(int row) {
        int off = row * classes, best = 0;
        for (int c = 1; c < classes; c++) if (scores[off + c] > scores[off + best]) best = c;
        return best;
    }

    /**
     * Whether class {@code c} is among the {@code k} highest scores of its row. Ties count in its
     * favour, as {@code tf.math.in_top_k}: fewer than k other classes score strictly higher.
     */
    boolean inTopK(int row, int c, int k) {
        int off = row * classes;
        float s = scores[off + c];
        if (Float.isNaN(s)) return false;
        int higher = 0;
        for (int j = 0; j < classes; j++) if (scores[off + j] > s) higher++;
        return higher < k;
    }
}
