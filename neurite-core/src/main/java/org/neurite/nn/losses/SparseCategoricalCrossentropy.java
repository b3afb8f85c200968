package org.neurite.nn.losses;

import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.CrossEntropy;

/**
 * Categorical cross-entropy with integer class labels (stored as floats), Keras'
 * {@code sparse_categorical_crossentropy}: {@code l = -log p[label]}, from probabilities (clipped
 * to [eps, 1 - eps] as Keras) or from logits ({@code -logSoftmax(x)[label]}). Labels have the
 * prediction's shape without the class axis, or with a class axis of size 1; each must be an
 * integer in [0, classes).
 */
public final class SparseCategoricalCrossentropy extends PerSampleLoss {
    private final boolean fromLogits;

    /** From probabilities (the output of a sigmoid or softmax), as Keras' default {@code from_logits=False}. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /**
     * A loss scoring either probabilities or raw scores.
     *
     * @param fromLogits true if the predictions are logits (raw scores, no final activation): the
     *     loss then applies the activation itself, more stably; false if they are probabilities
     */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super("sparse_categorical_crossentropy");
        this.fromLogits = fromLogits;
    }

    /**
     * Whether the predictions are read as logits.
     *
     * @return true for logits, false for probabilities
     */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor logits = fromLogits ? yPred : CrossEntropy.logitsOfSoftmax(yPred);
        // Probabilities that came out of a softmax are scored from its logits, as Keras does.
        if (logits != null) return CrossEntropy.softmaxWithTargets(logits, oneHot(yTrue, yPred.shape(), name()));
        Tensor logP = fromLogits
                ? yPred.logSoftmax(-1)
                : yPred.clamp(BinaryCrossentropy.EPSILON, 1f - BinaryCrossentropy.EPSILON).log();
        return logP.mul(oneHot(yTrue, yPred.shape(), name())).sum(-1, false).neg();
    }

    /** One-hot encoding of integer labels for predictions of the given shape; fails with the offending label. */
    static Tensor oneHot(Tensor labels, Shape predShape, String who) {
        int classes = predShape.dim(-1);
        int positions = predShape.size() / Math.max(classes, 1);
        if (predShape.rank() < 1 || labels.size() != positions) {
            throw new IllegalArgumentException(who + ": expected integer labels of shape " + withoutLastAxis(predShape)
                    + " for predictions of shape " + predShape + ", got " + labels.shape());
        }
        float[] l = labels.data();
        float[] hot = new float[predShape.size()];
        for (int i = 0; i < l.length; i++) {
            float v = l[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException(who + ": label " + v + " at index " + i + " is not an integer class in [0, " + classes + ")");
            }
            hot[i * classes + (int) v] = 1f;
        }
        return Tensor.of(hot, predShape);
    }

    private static Shape withoutLastAxis(Shape s) {
        int[] d = s.dims();
        return Shape.of(java.util.Arrays.copyOf(d, Math.max(0, d.length - 1)));
    }
}
