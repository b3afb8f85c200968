package org.neurite.nn.layers.preprocessing;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;

/**
 * Keras {@code RandomContrast}: in training, each image gets a contrast factor {@code k} drawn
 * uniformly from {@code [1 - lower, 1 + upper]} (a factor f means lower = upper = f) and each
 * channel becomes {@code (x - mean) * k + mean}, mean over the image's pixels of that channel,
 * then clipped to the value range (Keras' default [0, 255]; use {@code valueRange(0, 1)} for
 * images scaled to [0, 1]). The identity in inference. Shape in = shape out; no parameters.
 */
public final class RandomContrast extends RandomImageLayer {
    private final float lower;
    private final float upper;
    private float low = 0f;
    private float high = 255f;

    /**
     * A contrast layer with factors drawn from {@code [1 - lower, 1 + upper]}.
     *
     * @param factor one number f in [0, 1] for [1 - f, 1 + f], or {lower, upper} with lower in [0, 1] and upper &gt;= 0
     * @throws IllegalArgumentException if the factor has another length or is out of range
     */
    public RandomContrast(float... factor) {
        if (factor.length == 1) factor = new float[] {factor[0], factor[0]};
        if (factor.length != 2 || factor[0] < 0 || factor[1] < 0 || factor[0] > 1) {
            throw new IllegalArgumentException("RandomContrast: factor must be f or (lower, upper) with 0 <= lower <= 1 and upper >= 0, got "
                    + java.util.Arrays.toString(factor));
        }
        this.lower = factor[0];
        this.upper = factor[1];
    }

    /**
     * A contrast layer with factors drawn from {@code [1 - factor, 1 + factor]}.
     *
     * @param factor in [0, 1]
     * @throws IllegalArgumentException if the factor is out of range
     */
    public RandomContrast(double factor) {
        this(new float[] {(float) factor});
    }

    /**
     * Sets the range the output is clipped to (Keras' {@code value_range}).
     *
     * @param min lowest value (default 0)
     * @param max highest value (default 255)
     * @return this layer, for chaining
     * @throws IllegalArgumentException unless {@code min < max}
     */
    public RandomContrast valueRange(float min, float max) {
        if (!(min < max)) throw new IllegalArgumentException(name() + ": value range needs min < max, got [" + min + ", " + max + "]");
        this.low = min;
        this.high = max;
        return this;
    }

    @Override
    protected void augment(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset, SplittableRandom r) {
        float k = lower == 0 && upper == 0 ? 1f : (float) r.nextDouble(1 - lower, 1 + upper);
        int pixels = h * w;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int p = 0; p < pixels; p++) sum += in[inOffset + p * c + ch];
            float mean = (float) (sum / pixels);
            for (int p = 0; p < pixels; p++) {
                float v = (in[inOffset + p * c + ch] - mean) * k + mean;
                out[outOffset + p * c + ch] = Math.max(low, Math.min(high, v));
            }
        }
    }

    @Override
    public RandomContrast seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("factor", lower == upper ? (Object) lower : List.of(lower, upper));
        c.put("value_range", List.of(low, high));
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code factor} and optionally {@code value_range}
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomContrast fromConfig(LayerConfig c) {
        RandomContrast layer = new RandomContrast(readFactor(c, "factor"));
        if (c.raw("value_range") instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            layer.valueRange(a.floatValue(), b.floatValue());
        }
        return layer;
    }
}
