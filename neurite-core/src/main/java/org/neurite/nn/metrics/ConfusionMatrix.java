package org.neurite.nn.metrics;

import java.util.Arrays;
import org.neurite.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs accumulated over batches: {@code counts()[t][p]}
 * is the number of samples of class t predicted as p (rows true, columns predicted, as
 * scikit-learn's {@code confusion_matrix}). The base of {@link MeanIoU} and
 * {@link ClassificationReport}.
 *
 * <p>What a batch may hold:
 * <ul>
 *   <li>scores {@code (..., C)} with C > 1: the prediction is the argmax of each row (first on
 *       ties); labels one-hot shaped like the scores, or one class index per row;</li>
 *   <li>a binary output {@code (N,)} / {@code (N, 1)} of probabilities with 0/1 labels: two
 *       classes, predicted 1 when the probability is above the threshold (0.5);</li>
 *   <li>class indices as predictions, shaped like the labels, when the matrix was created with
 *       more than two classes (Keras' {@code MeanIoU} with sparse predictions).</li>
 * </ul>
 */
public final class ConfusionMatrix {
    private final String owner;
    private final float threshold;
    private int classes;
    private long[][] counts;

    /**
     * An empty matrix.
     *
     * @param numClasses C &gt;= 2, or 0 to take it from the first batch (the scores' last axis, or 2
     *     for a binary output)
     * @throws IllegalArgumentException if {@code numClasses} is negative or 1
     */
    public ConfusionMatrix(int numClasses) {
        this("confusion_matrix", numClasses, 0.5f);
    }

    /** @param owner names the metric or report in error messages */
    ConfusionMatrix(String owner, int numClasses, float threshold) {
        if (numClasses < 0 || numClasses == 1) throw new IllegalArgumentException(owner + ": numClasses must be >= 2 (or 0 to take it from the data), got " + numClasses);
        this.owner = owner;
        this.threshold = threshold;
        this.classes = numClasses;
        if (numClasses > 0) counts = new long[numClasses][numClasses];
    }

    /** Sets every count to zero (the number of classes is kept). */
    public void resetState() {
        if (counts != null) for (long[] row : counts) Arrays.fill(row, 0);
    }

    /**
     * Adds one batch.
     *
     * @param yTrue the labels: class indices, or one-hot shaped like the scores
     * @param yPred scores {@code (..., C)}, a binary probability {@code (N,)}/{@code (N, 1)}, or
     *     class indices shaped like the labels (see the class comment)
     * @throws IllegalArgumentException if the shapes do not fit, or a label or class index lies
     *     outside [0, C)
     */
    public void updateState(Tensor yTrue, Tensor yPred) {
        int columns = ClassScores.classCount(yPred);
        if (columns > 1) {
            ClassScores b = ClassScores.of(owner, yTrue, yPred);
            ensureClasses(columns, yPred);
            for (int r = 0; r < b.rows; r++) {
                int t = -1;
                for (int c = 0; c < columns && t < 0; c++) if (b.isTrue(r, c)) t = c;
                if (t < 0) throw new IllegalArgumentException(owner + ": row " + r + " of the one-hot labels " + yTrue.shape() + " has no 1");
                counts[t][b.argmax(r)]++;
            }
            return;
        }
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(owner + ": labels of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape());
        }
        float[] y = yTrue.data(), p = yPred.data();
        if (classes > 2) { // class indices on both sides
            for (int r = 0; r < p.length; r++) {
                counts[ClassScores.classIndex(owner, y[r], classes, r)][ClassScores.classIndex(owner + " (prediction)", p[r], classes, r)]++;
            }
            return;
        }
        ensureClasses(2, yPred);
        for (int r = 0; r < p.length; r++) counts[ClassScores.classIndex(owner, y[r], 2, r)][p[r] > threshold ? 1 : 0]++;
    }

    private void ensureClasses(int seen, Tensor yPred) {
        if (classes == 0) {
            classes = seen;
            counts = new long[seen][seen];
        } else if (classes != seen) {
            throw new IllegalArgumentException(owner + ": predictions of shape " + yPred.shape() + " have " + seen + " classes, expected " + classes);
        }
    }

    /**
     * The number of classes C.
     *
     * @return C; 0 until the first batch when it was left to the data
     */
    public int numClasses() {
        return classes;
    }

    /**
     * The counts.
     *
     * @return a copy, {@code [true][predicted]}, C x C
     */
    public long[][] counts() {
        long[][] out = new long[classes][];
        for (int i = 0; i < classes; i++) out[i] = counts[i].clone();
        return out;
    }

    /**
     * The number of samples counted since the last reset.
     *
     * @return the sum of all counts
     */
    public long total() {
        long n = 0;
        if (counts != null) for (long[] row : counts) for (long v : row) n += v;
        return n;
    }

    long count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** Samples whose true class is c (row sum). */
    long support(int c) {
        long n = 0;
        for (long v : counts[c]) n += v;
        return n;
    }

    /** Samples predicted as c (column sum). */
    long predicted(int c) {
        long n = 0;
        for (long[] row : counts) n += row[c];
        return n;
    }
}
