package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;

/**
 * Keras {@code RandomZoom}: in training, zooms each image about its centre by
 * {@code zy = 1 + u} vertically and {@code zx = 1 + v} horizontally, u drawn uniformly from the
 * height factor's range and v from the width factor's (a number f means (-f, f), a pair (lower,
 * upper) itself, lower >= -1); without a width factor {@code zx = zy} (aspect kept). A positive
 * value zooms out (the image shows more, smaller), a negative one zooms in. Output pixel (x, y)
 * reads the input at {@code (zx x + (W-1)/2 (1 - zx), zy y + (H-1)/2 (1 - zy))} through the fill
 * mode (see {@link AffineImageLayer}). The identity in inference. Shape in = shape out; no parameters.
 */
public final class RandomZoom extends AffineImageLayer {
    private final float[] height;
    private final float[] width; // null: same zoom as the height

    /**
     * A layer that zooms each image by factors drawn from ranges.
     *
     * @param heightFactor one number f for (-f, f), or {lower, upper}, lower &gt;= -1
     * @param widthFactor likewise for the width, or null to zoom both axes alike (aspect kept)
     * @throws IllegalArgumentException if a factor has another length or is below -1
     */
    public RandomZoom(float[] heightFactor, float[] widthFactor) {
        this.height = checked(range("RandomZoom", "height_factor", heightFactor));
        this.width = widthFactor == null ? null : checked(range("RandomZoom", "width_factor", widthFactor));
    }

    /**
     * A layer that zooms each image by {@code 1 + u}, u in (-f, f), keeping its aspect.
     *
     * @param heightFactor f, at least -1
     * @throws IllegalArgumentException if it is below -1
     */
    public RandomZoom(double heightFactor) {
        this(new float[] {(float) heightFactor}, null);
    }

    /**
     * A layer that zooms each image by independent factors along its height and width.
     *
     * @param heightFactor f for vertical zooms {@code 1 + u}, u in (-f, f)
     * @param widthFactor f for horizontal zooms likewise
     * @throws IllegalArgumentException if a factor is below -1
     */
    public RandomZoom(double heightFactor, double widthFactor) {
        this(new float[] {(float) heightFactor}, new float[] {(float) widthFactor});
    }

    private static float[] checked(float[] r) {
        if (r[0] < -1) throw new IllegalArgumentException("RandomZoom: factors must be >= -1, got [" + r[0] + ", " + r[1] + "]");
        return r;
    }

    @Override
    protected double[] drawTransform(int h, int w, SplittableRandom r) {
        double zy = 1 + uniform(r, height);
        double zx = width == null ? zy : 1 + uniform(r, width);
        return new double[] {zx, 0, (w - 1) / 2.0 * (1 - zx), 0, zy, (h - 1) / 2.0 * (1 - zy), 0, 0};
    }

    @Override
    public RandomZoom seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("height_factor", factorConfig(height));
        c.put("width_factor", width == null ? null : factorConfig(width));
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code height_factor}, optionally {@code width_factor} and the fill settings
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomZoom fromConfig(LayerConfig c) {
        return withFill(new RandomZoom(readFactor(c, "height_factor"), c.has("width_factor") ? readFactor(c, "width_factor") : null), c);
    }
}
