package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;

/**
 * Keras {@code RandomTranslation}: in training, shifts each image by {@code dy = u * H} rows and
 * {@code dx = v * W} columns, u drawn uniformly from the height factor's range and v from the
 * width factor's (a number f means (-f, f), a pair (lower, upper) itself; each in [-1, 1]);
 * positive values move the content down and right. Output pixel (x, y) reads the input at
 * (x - dx, y - dy) through the fill mode (see {@link AffineImageLayer}). The identity in
 * inference. Shape in = shape out; no parameters.
 */
public final class RandomTranslation extends AffineImageLayer {
    private final float[] height;
    private final float[] width;

    /**
     * A layer that shifts each image by fractions of its height and width drawn from ranges.
     *
     * @param heightFactor one number f for (-f, f) of the height, or {lower, upper}
     * @param widthFactor likewise for the width
     * @throws IllegalArgumentException if a factor has another length or is out of range
     */
    public RandomTranslation(float[] heightFactor, float[] widthFactor) {
        this.height = checked(range("RandomTranslation", "height_factor", heightFactor));
        this.width = checked(range("RandomTranslation", "width_factor", widthFactor));
    }

    /**
     * A layer that shifts each image by up to the given fractions of its height and width.
     *
     * @param heightFactor f for shifts in (-f, f) of the height
     * @param widthFactor f for shifts in (-f, f) of the width
     * @throws IllegalArgumentException if a factor is out of range
     */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(new float[] {(float) heightFactor}, new float[] {(float) widthFactor});
    }

    private static float[] checked(float[] r) {
        if (r[0] < -1 || r[1] > 1) throw new IllegalArgumentException("RandomTranslation: factors must lie in [-1, 1], got [" + r[0] + ", " + r[1] + "]");
        return r;
    }

    @Override
    protected double[] drawTransform(int h, int w, SplittableRandom r) {
        double dy = uniform(r, height) * h, dx = uniform(r, width) * w;
        return new double[] {1, 0, -dx, 0, 1, -dy, 0, 0};
    }

    @Override
    public RandomTranslation seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("height_factor", factorConfig(height));
        c.put("width_factor", factorConfig(width));
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code height_factor}, {@code width_factor} and optionally the fill settings
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomTranslation fromConfig(LayerConfig c) {
        return withFill(new RandomTranslation(readFactor(c, "height_factor"), readFactor(c, "width_factor")), c);
    }
}
