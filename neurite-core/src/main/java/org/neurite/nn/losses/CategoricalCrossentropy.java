package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.CrossEntropy;

/**
 * Categorical cross-entropy with one-hot (or soft) targets over the last axis, Keras'
 * {@code categorical_crossentropy}:
 * <ul>
 *   <li>from probabilities p: {@code p' = clip(p / sum_j p_j, eps, 1 - eps)}, {@code l = -sum_j y_j log p'_j} (Keras);</li>
 *   <li>from logits x: {@code l = -sum_j y_j logSoftmax(x)_j}.</li>
 * </ul>
 * Then the mean over the batch (and any other leading axes).
 */
public final class CategoricalCrossentropy extends PerSampleLoss {
    private final boolean fromLogits;

    /** From probabilities (the output of a sigmoid or softmax), as Keras' default {@code from_logits=False}. */
    public CategoricalCrossentropy() {
        this(false);
    }

    /**
     * A loss scoring either probabilities or raw scores.
     *
     * @param fromLogits true if the predictions are logits (raw scores, no final activation): the
     *     loss then applies the activation itself, more stably; false if they are probabilities
     */
    public CategoricalCrossentropy(boolean fromLogits) {
        super("categorical_crossentropy");
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
        if (!yTrue.shape().equals(yPred.shape())) {
            throw new IllegalArgumentException(name() + ": expected one-hot targets of shape " + yPred.shape() + " (as the predictions), got " + yTrue.shape()
                    + (yTrue.rank() < yPred.rank() ? "; for integer labels use sparse_categorical_crossentropy" : ""));
        }
        Tensor logits = fromLogits ? yPred : CrossEntropy.logitsOfSoftmax(yPred);
        // Probabilities that came out of a softmax are scored from its logits, as Keras does: one
        // fused, exact op instead of clip + log + softmax backward.
        if (logits != null) return CrossEntropy.softmaxWithTargets(logits, yTrue);
        return logProbabilities(yPred).mul(yTrue).sum(-1, false).neg();
    }

    private Tensor logProbabilities(Tensor yPred) {
        if (fromLogits) return yPred.logSoftmax(-1);
        Tensor p = yPred.div(yPred.sum(-1, true));
        return p.clamp(BinaryCrossentropy.EPSILON, 1f - BinaryCrossentropy.EPSILON).log();
    }
}
