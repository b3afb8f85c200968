package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Leaky ReLU: {@code x} for {@code x > 0}, {@code alpha * x} otherwise. The default slope 0.3 is
 * the Keras layer's (Keras 2 {@code alpha}, Keras 3 {@code negative_slope}); the string activation
 * {@code "leaky_relu"} uses 0.2 and PyTorch's {@code nn.LeakyReLU} 0.01. Shape in = shape out.
 * No parameters.
 */
public final class LeakyReLU extends Layer {
    /** The Keras layer default. */
    public static final float DEFAULT_ALPHA = 0.3f;
    private final float alpha;

    /** With Keras' default slope of 0.3 (PyTorch's default is 0.01). */
    public LeakyReLU() {
        this(DEFAULT_ALPHA);
    }

    /**
     * {@code x} for x &gt;= 0, {@code alpha x} otherwise.
     *
     * @param alpha the slope for negative inputs; &gt;= 0
     * @throws IllegalArgumentException if it is negative or NaN
     */
    public LeakyReLU(double alpha) {
        if (!(alpha >= 0)) throw new IllegalArgumentException("LeakyReLU: alpha must be >= 0, got " + alpha);
        this.alpha = (float) alpha;
    }

    /**
     * The slope for negative inputs.
     *
     * @return alpha
     */
    public float alpha() {
        return alpha;
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
        return x.leakyRelu(alpha);
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha", alpha);
        return c;
    }

    static LeakyReLU fromConfig(LayerConfig c) {
        if (c.has("alpha")) return new LeakyReLU(c.getFloat("alpha"));
        if (c.has("negative_slope")) return new LeakyReLU(c.getFloat("negative_slope"));
        return new LeakyReLU();
    }
}
