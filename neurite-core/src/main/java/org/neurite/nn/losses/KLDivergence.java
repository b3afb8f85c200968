package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Kullback-Leibler divergence, Keras' {@code kl_divergence} (alias {@code kld}): with both
 * distributions clipped to [eps, 1] (eps = 1e-7),
 * {@code l = sum_j y_j log(y_j / p_j)} over the last axis, then the batch mean. Targets and
 * predictions are probability distributions of the same shape. Gradient w.r.t. p:
 * {@code -y_j / p_j} where p is not clipped, 0 where it is.
 */
public final class KLDivergence extends PerSampleLoss {
    /** Over the last axis, named {@code kl_divergence}. */
    public KLDivergence() {
        super("kl_divergence");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = alignTargets(yTrue, yPred).clamp(BinaryCrossentropy.EPSILON, 1f);
        Tensor p = yPred.clamp(BinaryCrossentropy.EPSILON, 1f);
        return sumLastAxis(y.mul(y.log().sub(p.log())));
    }
}
