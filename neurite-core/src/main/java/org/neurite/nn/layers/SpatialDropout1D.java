package org.neurite.nn.layers;

/**
 * Keras' {@code SpatialDropout1D}: in training, drops whole channels of a sequence, input
 * {@code (N, steps, channels)}, one draw per sample and channel (see {@link SpatialDropout}).
 */
public final class SpatialDropout1D extends SpatialDropout {
    public SpatialDropout1D(double rate) {
        super(rate, 1);
    }

    static SpatialDropout1D fromConfig(LayerConfig c) {
        return new SpatialDropout1D(c.getFloat("rate"));
    }
}
