package org.neurite.nn.layers.preprocessing;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;

/**
 * Keras {@code RandomFlip}: in training, each image is flipped left-right ({@code "horizontal"}),
 * top-bottom ({@code "vertical"}) or each of the two independently ({@code "horizontal_and_vertical"},
 * the default), each flip with probability 1/2. The identity in inference. Shape in = shape out
 * {@code (N, H, W, C)}; no parameters.
 */
public final class RandomFlip extends RandomImageLayer {
    /** The modes Keras accepts: which flips may be applied. */
    public static final List<String> MODES = List.of("horizontal", "vertical", "horizontal_and_vertical");
    private final String mode;

    /** A layer that may flip each image horizontally and vertically (Keras' default mode). */
    public RandomFlip() {
        this("horizontal_and_vertical");
    }

    /**
     * A layer that flips each image with probability 1/2 along the axes {@code mode} names.
     *
     * @param mode one of {@link #MODES}
     * @throws IllegalArgumentException if the mode is none of them
     */
    public RandomFlip(String mode) {
        if (!MODES.contains(mode)) throw new IllegalArgumentException("RandomFlip: mode must be one of " + MODES + ", got '" + mode + "'");
        this.mode = mode;
    }

    /** @return the flip mode, one of {@link #MODES} */
    public String mode() {
        return mode;
    }

    @Override
    protected void augment(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset, SplittableRandom r) {
        boolean left = !mode.equals("vertical") && r.nextBoolean();
        boolean up = !mode.equals("horizontal") && r.nextBoolean();
        for (int y = 0; y < h; y++) {
            int sy = up ? h - 1 - y : y;
            for (int x = 0; x < w; x++) {
                int sx = left ? w - 1 - x : x;
                System.arraycopy(in, inOffset + (sy * w + sx) * c, out, outOffset + (y * w + x) * c, c);
            }
        }
    }

    @Override
    public RandomFlip seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("mode", mode);
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with optionally {@code mode}
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomFlip fromConfig(LayerConfig c) {
        return new RandomFlip(c.getString("mode", "horizontal_and_vertical"));
    }
}
