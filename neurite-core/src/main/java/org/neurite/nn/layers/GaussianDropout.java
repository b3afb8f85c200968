package org.neurite.nn.layers;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.tensor.Tensor;

/**
 * Keras' {@code GaussianDropout}: in training multiplies every element by noise from
 * {@code N(1, rate / (1 - rate))} (the mean and variance of inverted dropout's factor, without its
 * zeros); the identity in inference. Shape in = shape out, no parameters.
 */
public final class GaussianDropout extends NoiseLayer {
    private final float rate;

    /**
     * Multiplicative Gaussian noise with inverted dropout's mean and variance.
     *
     * @param rate the equivalent drop rate, in [0, 1); the noise has variance {@code rate / (1 - rate)}
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public GaussianDropout(double rate) {
        this.rate = NoiseLayer.rate("GaussianDropout", rate);
    }

    /**
     * The equivalent drop rate.
     *
     * @return the rate, in [0, 1)
     */
    public float rate() {
        return rate;
    }

    @Override
    protected boolean active() {
        return rate > 0f;
    }

    @Override
    protected Tensor noise(Tensor x, SplittableRandom random) {
        double stddev = Math.sqrt(rate / (1.0 - rate));
        float[] f = new float[x.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) (1 + stddev * Tensor.gaussian(random));
        return x.mul(Tensor.of(f, x.shape()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", rate);
        return c;
    }

    static GaussianDropout fromConfig(LayerConfig c) {
        return new GaussianDropout(c.getFloat("rate"));
    }
}
