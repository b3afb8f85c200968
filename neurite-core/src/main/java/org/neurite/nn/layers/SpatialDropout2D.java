package org.neurite.nn.layers;

/**
 * Keras' {@code SpatialDropout2D}: in training, drops whole feature maps of an image, input
 * {@code (N, height, width, channels)}, one draw per sample and channel (see {@link SpatialDropout}).
 */
public final class SpatialDropout2D extends SpatialDropout {
    /**
     * Drops whole channels (the same ones at every position of a sample) in training, scaling
     * the rest by {@code 1 / (1 - rate)}; the identity in inference.
     *
     * @param rate the probability of dropping a channel, in [0, 1)
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public SpatialDropout2D(double rate) {
        super(rate, 2);
    }

    static SpatialDropout2D fromConfig(LayerConfig c) {
        return new SpatialDropout2D(c.getFloat("rate"));
    }
}
