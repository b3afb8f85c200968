package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * The KL term of a variational autoencoder: the divergence of the encoder's diagonal Gaussian
 * {@code N(mu, exp(logVar))} from the prior {@code N(0, 1)},
 * {@code KL = -½ sum_j (1 + logVar_j - mu_j^2 - exp(logVar_j))}, summed over every axis but the
 * first and averaged over the batch (as the keras.io VAE example). The full VAE loss is a
 * reconstruction loss plus this term; {@link org.neurite.nn.layers.Sampling#klWeight} adds it
 * automatically during training.
 */
public final class VaeLoss {
    private VaeLoss() {}

    /**
     * The KL term of a batch, averaged over its samples.
     *
     * @param mu the encoder's means, shape (N, latent...)
     * @param logVar the encoder's log-variances (natural log), the shape of {@code mu}
     * @return a scalar, differentiable with respect to both
     * @throws IllegalArgumentException if the shapes differ or are rank 0
     */
    public static Tensor kl(Tensor mu, Tensor logVar) {
        return klPerSample(mu, logVar).mean();
    }

    /**
     * The KL term of each sample, summed over its latent axes.
     *
     * @param mu the encoder's means, shape (N, latent...)
     * @param logVar the encoder's log-variances, the shape of {@code mu}
     * @return shape (N), differentiable with respect to both
     * @throws IllegalArgumentException if the shapes differ or are rank 0
     */
    public static Tensor klPerSample(Tensor mu, Tensor logVar) {
        if (!mu.shape().equals(logVar.shape()) || mu.rank() < 1) {
            throw new IllegalArgumentException("VaeLoss.kl: mu and logVar must be batches of the same shape, got " + mu.shape() + " and " + logVar.shape());
        }
        Tensor terms = logVar.add(1f).sub(mu.square()).sub(logVar.exp());
        Tensor perSample = mu.rank() == 1 ? terms : terms.reshape(mu.dim(0), -1).sum(-1, false);
        return perSample.mul(-0.5f);
    }
}
