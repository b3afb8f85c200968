package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * Fraction of correct predictions. In {@link Mode#AUTO} (Keras' {@code "accuracy"} string) the
 * kind follows the shapes, as Keras does:
 * <ul>
 *   <li>binary: predictions (N,) or (..., 1): correct when {@code (p > 0.5) == (y > 0.5)};</li>
 *   <li>sparse categorical: labels with one axis fewer than the predictions, or a last axis of 1
 *       while the predictions have C > 1 classes: correct when {@code argmax(p) == y};</li>
 *   <li>categorical: labels shaped as the predictions (one-hot): correct when {@code argmax(p) == argmax(y)}.</li>
 * </ul>
 * Note the 0.5 threshold assumes probabilities (a sigmoid output), not logits (as Keras).
 */
public final class Accuracy implements Metric {
    /** Which accuracy to compute. */
    public enum Mode {
        /** Picked from the shapes of each batch (see the class comment). */
        AUTO,
        /** Keras' {@code binary_accuracy}: the prediction is above the threshold. */
        BINARY,
        /** Keras' {@code categorical_accuracy}: argmax of one-hot labels. */
        CATEGORICAL,
        /** Keras' {@code sparse_categorical_accuracy}: class-index labels. */
        SPARSE_CATEGORICAL
    }

    private final String name;
    private final Mode mode;
    private final float threshold;
    private long correct;
    private long total;

    /** Keras' {@code "accuracy"}: the kind is picked from the shapes. */
    public Accuracy() {
        this("accuracy", Mode.AUTO);
    }

    /**
     * An accuracy of the given kind, with threshold 0.5 for binary predictions.
     *
     * @param name the key in the logs, e.g. {@code binary_accuracy}
     * @param mode which accuracy
     */
    public Accuracy(String name, Mode mode) {
        this(name, mode, 0.5f);
    }

    /**
     * An accuracy of the given kind.
     *
     * @param name the key in the logs
     * @param mode which accuracy
     * @param threshold binary predictions above it count as 1 (Keras' default 0.5; use 0 for logits)
     */
    public Accuracy(String name, Mode mode, float threshold) {
        this.name = name;
        this.mode = mode;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        correct = 0;
        total = 0;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        switch (resolve(yTrue, yPred)) {
            case BINARY -> binary(yTrue, yPred);
            case SPARSE_CATEGORICAL -> sparse(yTrue, yPred);
            default -> categorical(yTrue, yPred);
        }
    }

    @Override
    public float result() {
        return total == 0 ? Float.NaN : (float) ((double) correct / total);
    }

    /**
     * The kind of accuracy that this metric's mode means for these shapes.
     *
     * @param yTrue the labels
     * @param yPred the predictions
     * @return the mode itself unless it is {@link Mode#AUTO}; else the kind the shapes imply
     */
    public Mode resolve(Tensor yTrue, Tensor yPred) {
        if (mode != Mode.AUTO) return mode;
        if (yPred.rank() <= 1 || yPred.shape().dim(-1) == 1) return Mode.BINARY;
        if (yTrue.rank() < yPred.rank() || yTrue.shape().dim(-1) == 1) return Mode.SPARSE_CATEGORICAL;
        return Mode.CATEGORICAL;
    }

    private void binary(Tensor yTrue, Tensor yPred) {
        requireSize(yTrue.size(), yPred.size(), yTrue, yPred, "binary");
        float[] y = yTrue.data(), p = yPred.data();
        for (int i = 0; i < p.length; i++) {
            if ((p[i] > threshold) == (y[i] > threshold)) correct++;
        }
        total += p.length;
    }

    private void sparse(Tensor yTrue, Tensor yPred) {
        int classes = yPred.shape().dim(-1);
        requireSize(yTrue.size(), yPred.size() / classes, yTrue, yPred, "sparse categorical");
        float[] y = yTrue.data(), am = yPred.argmax(-1).data();
        for (int i = 0; i < am.length; i++) if (am[i] == y[i]) correct++;
        total += am.length;
    }

    private void categorical(Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(name + ": categorical accuracy needs one-hot labels of shape " + yPred.shape() + ", got " + yTrue.shape());
        }
        float[] a = yTrue.argmax(-1).data(), b = yPred.argmax(-1).data();
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) correct++;
        total += a.length;
    }

    private void requireSize(int labels, int expected, Tensor yTrue, Tensor yPred, String kind) {
        if (labels != expected) {
            throw new IllegalArgumentException(name + ": " + kind + " accuracy got labels of shape " + yTrue.shape() + " for predictions of shape " + yPred.shape());
        }
    }
}
