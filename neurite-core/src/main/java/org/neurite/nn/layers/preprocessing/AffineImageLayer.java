package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The random image layers that move pixels by an affine transform (translation, rotation, zoom):
 * they draw a transform per image and read the input through {@link ImageSampler} with Keras'
 * {@code fill_mode} ({@code reflect} by default), {@code interpolation} ({@code bilinear}) and
 * {@code fill_value} (0, for {@code constant}).
 */
public abstract class AffineImageLayer extends RandomImageLayer {
    private String fillMode = "reflect";
    private String interpolation = "bilinear";
    private float fillValue = 0f;
    private ImageSampler sampler;

    /**
     * Sets how points outside the image are filled (Keras' {@code fill_mode}).
     *
     * @param mode {@code reflect} (default), {@code wrap}, {@code nearest} or {@code constant}
     * @return this layer, for chaining
     * @throws IllegalArgumentException if the mode is none of these
     */
    public AffineImageLayer fillMode(String mode) {
        new ImageSampler(name(), mode, interpolation, fillValue); // validates
        this.fillMode = mode;
        sampler = null;
        return this;
    }

    /**
     * Sets how the input is read between pixels (Keras' {@code interpolation}).
     *
     * @param how {@code bilinear} (default) or {@code nearest}
     * @return this layer, for chaining
     * @throws IllegalArgumentException if it is neither
     */
    public AffineImageLayer interpolation(String how) {
        new ImageSampler(name(), fillMode, how, fillValue);
        this.interpolation = how;
        sampler = null;
        return this;
    }

    /**
     * Sets the value read outside the image when the fill mode is {@code constant}.
     *
     * @param value the fill value (default 0)
     * @return this layer, for chaining
     */
    public AffineImageLayer fillValue(float value) {
        this.fillValue = value;
        sampler = null;
        return this;
    }

    /** @return the fill mode: reflect, wrap, nearest or constant */
    public String fillMode() {
        return fillMode;
    }

    /** @return the interpolation: bilinear or nearest */
    public String interpolation() {
        return interpolation;
    }

    /** @return the value read outside the image with fill mode constant */
    public float fillValue() {
        return fillValue;
    }

    /**
     * Draws the projective transform of one image.
     *
     * @param h the image's height in pixels
     * @param w the image's width in pixels
     * @param r the layer's random stream; draw from it only, so runs repeat with the seed
     * @return Keras' 8 transform numbers (see {@link ImageSampler#transform}), mapping output to input points
     */
    protected abstract double[] drawTransform(int h, int w, SplittableRandom r);

    @Override
    protected void augment(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset, SplittableRandom r) {
        if (sampler == null) sampler = new ImageSampler(name(), fillMode, interpolation, fillValue);
        sampler.transform(in, inOffset, out, outOffset, h, w, c, drawTransform(h, w, r));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("fill_mode", fillMode);
        c.put("interpolation", interpolation);
        c.put("fill_value", fillValue);
        return c;
    }

    /** Reads fill_mode, interpolation and fill_value into a new layer. */
    static <T extends AffineImageLayer> T withFill(T layer, org.neurite.nn.layers.LayerConfig c) {
        layer.fillMode(c.getString("fill_mode", "reflect")).interpolation(c.getString("interpolation", "bilinear"));
        if (c.has("fill_value")) layer.fillValue(c.getFloat("fill_value"));
        return layer;
    }
}
