package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;

/**
 * Keras {@code RandomRotation}: in training, rotates each image about its centre
 * {@code ((W-1)/2, (H-1)/2)} by an angle {@code 2 pi u}, u drawn uniformly from the factor's range
 * (a fraction of a full turn: 0.1 means up to 36 degrees either way; a pair (lower, upper) itself).
 * Positive angles turn the content counter-clockwise. Output pixel (x, y) reads the input at
 * {@code (cos a x - sin a y + ox, sin a x + cos a y + oy)} with the offsets that keep the centre
 * fixed, through the fill mode (see {@link AffineImageLayer}). The identity in inference. Shape
 * in = shape out; no parameters.
 */
public final class RandomRotation extends AffineImageLayer {
    private final float[] factor;

    /**
     * A layer that rotates each image by an angle drawn uniformly from a range of turns.
     *
     * @param factor one number f for (-f, f) turns (0.1 is up to 36 degrees either way), or {lower, upper}
     * @throws IllegalArgumentException if the factor has another length or lower &gt; upper
     */
    public RandomRotation(float... factor) {
        this.factor = range("RandomRotation", "factor", factor);
    }

    /**
     * A layer that rotates each image by up to {@code factor} turns either way.
     *
     * @param factor f for angles in (-f, f) turns
     */
    public RandomRotation(double factor) {
        this(new float[] {(float) factor});
    }

    @Override
    protected double[] drawTransform(int h, int w, SplittableRandom r) {
        return rotation(2 * Math.PI * uniform(r, factor), h, w);
    }

    /** Keras' rotation transform by {@code angle} radians for an image of {@code h x w}. */
    static double[] rotation(double angle, int h, int w) {
        double cos = Math.cos(angle), sin = Math.sin(angle);
        double ox = ((w - 1) - (cos * (w - 1) - sin * (h - 1))) / 2.0;
        double oy = ((h - 1) - (sin * (w - 1) + cos * (h - 1))) / 2.0;
        return new double[] {cos, -sin, ox, sin, cos, oy, 0, 0};
    }

    @Override
    public RandomRotation seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("factor", factorConfig(factor));
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code factor} and optionally the fill settings
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomRotation fromConfig(LayerConfig c) {
        return withFill(new RandomRotation(readFactor(c, "factor")), c);
    }
}
