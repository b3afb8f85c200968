package org.neurite.nn.layers;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.tensor.Tensor;

/**
 * Keras' {@code GaussianNoise}: in training adds {@code N(0, stddev^2)} noise to every element
 * (a regularizer, and data augmentation for real-valued inputs); the identity in inference. Shape
 * in = shape out, no parameters.
 */
public final class GaussianNoise extends NoiseLayer {
    private final float stddev;

    /**
     * Additive zero-mean Gaussian noise in training; the identity in inference.
     *
     * @param stddev the noise's standard deviation, in the input's units; &gt;= 0
     * @throws IllegalArgumentException if it is negative or NaN
     */
    public GaussianNoise(double stddev) {
        if (!(stddev >= 0)) throw new IllegalArgumentException("GaussianNoise: stddev must be >= 0, got " + stddev);
        this.stddev = (float) stddev;
    }

    /**
     * The noise's standard deviation.
     *
     * @return stddev
     */
    public float stddev() {
        return stddev;
    }

    @Override
    protected boolean active() {
        return stddev > 0f;
    }

    @Override
    protected Tensor noise(Tensor x, SplittableRandom random) {
        float[] e = new float[x.size()];
        for (int i = 0; i < e.length; i++) e[i] = (float) (stddev * Tensor.gaussian(random));
        return x.add(Tensor.of(e, x.shape()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("stddev", stddev);
        return c;
    }

    static GaussianNoise fromConfig(LayerConfig c) {
        return new GaussianNoise(c.getFloat("stddev"));
    }
}
