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

    /** Keras' fill_mode: reflect (default), wrap, nearest or constant. Returns this. */
    public AffineImageLayer fillMode(String mode) {
        new ImageSampler(name(), mode, interpolation, fillValue); // validates
        this.fillMode = mode;
        sampler = null;
        return this;
    }

    /** bilinear (default) or nearest. Returns this. */
    public AffineImageLayer interpolation(String how) {
        new ImageSampler(name(), fillMode, how, fillValue);
        this.interpolation = how;
        sampler = null;
        return this;
    }

    /** The value outside the image with fill_mode constant (default 0). Returns this. */
    public AffineImageLayer fillValue(float value) {
        this.fillValue = value;
        sampler = null;
        return this;
    }

    public String fillMode() {
        return fillMode;
    }

    public String interpolation() {
        return interpolation;
    }

    public float fillValue() {
        return fillValue;
    }

    /** The projective transform (Keras' 8 numbers, see {@link ImageSampler#transform}) for one image of {@code h x w}. */
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
