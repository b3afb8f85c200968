package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Binary cross-entropy with natural log, Keras' {@code binary_crossentropy}; targets z in [0, 1].
 * <ul>
 *   <li>from probabilities p: {@code p' = clip(p, eps, 1 - eps)}, {@code l = -(z log p' + (1 - z) log(1 - p'))}, eps = 1e-7 as Keras
 *       (the gradient is zero where p was clipped, as in Keras);</li>
 *   <li>from logits x: {@code l = max(x, 0) - x z + log(1 + exp(-|x|))}, stable for any x; its gradient is
 *       {@code sigmoid(x) - z} everywhere, also at x = 0 (the max splits its gradient there).</li>
 * </ul>
 * Per sample: the mean over the last axis; then the batch mean.
 */
public final class BinaryCrossentropy extends PerSampleLoss {
    /** Keras' backend epsilon. */
    public static final float EPSILON = 1e-7f;

    private final boolean fromLogits;

    /** From probabilities (the output of a sigmoid or softmax), as Keras' default {@code from_logits=False}. */
    public BinaryCrossentropy() {
        this(false);
    }

    /**
     * A loss scoring either probabilities or raw scores.
     *
     * @param fromLogits true if the predictions are logits (raw scores, no final activation): the
     *     loss then applies the activation itself, more stably; false if they are probabilities
     */
    public BinaryCrossentropy(boolean fromLogits) {
        super("binary_crossentropy");
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
        Tensor z = alignTargets(yTrue, yPred);
        Tensor elementwise;
        if (fromLogits) {
            Tensor x = yPred;
            elementwise = x.maximum(Tensor.scalar(0f)).sub(x.mul(z)).add(x.abs().neg().exp().add(1f).log());
        } else {
            Tensor p = yPred.clamp(EPSILON, 1f - EPSILON);
            elementwise = z.mul(p.log()).add(z.rsub(1f).mul(p.rsub(1f).log())).neg();
        }
        return meanLastAxis(elementwise);
    }
}
