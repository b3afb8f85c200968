package org.neurite.nn.layers;

/**
 * Keras' {@code SpatialDropout2D}: in training, drops whole feature maps of an image, input
 * {@code (N, height, width, channels)}, one draw per sample and channel (see {@link SpatialDropout}).
 */
public final class SpatialDropout2D extends SpatialDropout {
    public SpatialDropout2D(double rate) {
        super(rate, 2);
    }

    static SpatialDropout2D fromConfig(LayerConfig c) {
        return new SpatialDropout2D(c.getFloat("rate"));
    }
}
