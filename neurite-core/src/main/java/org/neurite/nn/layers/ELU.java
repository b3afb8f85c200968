package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Exponential linear unit: {@code x} for {@code x > 0}, {@code alpha (e^x - 1)} otherwise (default
 * alpha 1, as Keras and PyTorch). Shape in = shape out. No parameters.
 */
public final class ELU extends Layer {
    private final float alpha;

    /** With alpha 1, as Keras. */
    public ELU() {
        this(1.0);
    }

    /**
     * {@code x} for x &gt; 0, {@code alpha (exp(x) - 1)} otherwise.
     *
     * @param alpha the negative saturation value's magnitude (default 1)
     */
    public ELU(double alpha) {
        this.alpha = (float) alpha;
    }

    /**
     * The scale of the negative part.
     *
     * @return alpha; outputs approach -alpha for very negative inputs
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
        return x.elu(alpha);
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

    static ELU fromConfig(LayerConfig c) {
        return new ELU(c.has("alpha") ? c.getFloat("alpha") : 1f);
    }
}
