package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Cosine similarity loss, Keras' {@code cosine_similarity} (axis -1): the negative cosine of the
 * angle between target and prediction, {@code l = -sum_j ŷ_j p̂_j} with each vector L2-normalized
 * as Keras' {@code l2_normalize}: {@code x / sqrt(max(sum_j x_j^2, 1e-12))}. Values lie in [-1, 1];
 * -1 means same direction, 0 orthogonal, 1 opposite. Then the batch mean.
 */
public final class CosineSimilarity extends PerSampleLoss {
    /** Over the last axis, as Keras' default {@code axis=-1}. */
    public CosineSimilarity() {
        super("cosine_similarity");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = normalize(alignTargets(yTrue, yPred));
        Tensor p = normalize(yPred);
        return sumLastAxis(y.mul(p)).neg();
    }

    /** x / sqrt(max(sum of squares over the last axis, 1e-12)). */
    static Tensor normalize(Tensor x) {
        Tensor sq = x.rank() >= 1 ? x.square().sum(-1, true) : x.square();
        return x.div(sq.maximum(Tensor.scalar(1e-12f)).sqrt());
    }
}
