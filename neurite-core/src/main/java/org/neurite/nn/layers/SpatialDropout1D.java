package org.neurite.nn.layers;

/**
 * Keras' {@code SpatialDropout1D}: in training, drops whole channels of a sequence, input
 * {@code (N, steps, channels)}, one draw per sample and channel (see {@link SpatialDropout}).
 */
public final class SpatialDropout1D extends SpatialDropout {
    /**
     * Drops whole channels (the same ones at every position of a sample) in training, scaling
     * the rest by {@code 1 / (1 - rate)}; the identity in inference.
     *
     * @param rate the probability of dropping a channel, in [0, 1)
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public SpatialDropout1D(double rate) {
        super(rate, 1);
    }

    static SpatialDropout1D fromConfig(LayerConfig c) {
        return new SpatialDropout1D(c.getFloat("rate"));
    }
}
