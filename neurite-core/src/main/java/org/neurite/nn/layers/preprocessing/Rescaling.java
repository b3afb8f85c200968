package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras {@code Rescaling(scale, offset)}: {@code y = x * scale + offset}, in training and
 * inference alike ({@code Rescaling(1/255.)} maps bytes to [0, 1], {@code Rescaling(1/127.5, -1)}
 * to [-1, 1]). Any shape; shape in = shape out; no parameters; differentiable.
 */
public final class Rescaling extends Layer {
    private final float scale;
    private final float offset;

    /**
     * A layer computing {@code y = x * scale}.
     *
     * @param scale the factor, e.g. {@code 1 / 255.}
     */
    public Rescaling(double scale) {
        this(scale, 0);
    }

    /**
     * A layer computing {@code y = x * scale + offset}.
     *
     * @param scale the factor
     * @param offset added after scaling
     */
    public Rescaling(double scale, double offset) {
        this.scale = (float) scale;
        this.offset = (float) offset;
    }

    /** @return the factor each value is multiplied by */
    public float scale() {
        return scale;
    }

    /** @return the value added after scaling */
    public float offset() {
        return offset;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return true;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = scale == 1f ? x : x.mul(scale);
        return offset == 0f ? y : y.add(offset);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code scale} and optionally {@code offset}
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static Rescaling fromConfig(LayerConfig c) {
        return new Rescaling(c.getFloat("scale"), c.has("offset") ? c.getFloat("offset") : 0f);
    }
}
