package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Marks padding steps, as Keras' {@code Masking}: a time step whose features all equal
 * {@code maskValue} is masked. The output is the input with masked steps set to 0, and a mask
 * {@code (N, T)} (1 = real step) goes with it to the next layers inside a model: recurrent layers
 * then skip the masked steps (their state carries over) and GlobalAveragePooling1D averages over
 * the real steps only (see {@link Layer#computeMask}).
 *
 * <p>Input {@code (N, T, ...features)}, output the same shape. No parameters.
 */
public final class Masking extends Layer {
    private final float maskValue;

    /** Masks steps whose features are all 0, as Keras' default. */
    public Masking() {
        this(0.0);
    }

    /**
     * Masks steps whose features all equal {@code maskValue}.
     *
     * @param maskValue the padding value
     */
    public Masking(double maskValue) {
        this.maskValue = (float) maskValue;
    }

    /**
     * The padding value.
     *
     * @return the value whose all-equal steps are masked
     */
    public float maskValue() {
        return maskValue;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() < 2) throw error("expected input (None, timesteps, features), got " + Summary.shapeString(in));
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        if (got.rank() != built.rank()) return false;
        for (int a = 1; a < got.rank(); a++) if (got.dim(a) != built.dim(a)) return false;
        return true;
    }

    /** 1 for each step (N, T) with at least one feature other than maskValue. */
    static Tensor stepMask(Tensor x, float maskValue) {
        int steps = x.dim(0) * x.dim(1);
        int width = x.size() / Math.max(1, steps);
        float[] d = x.data();
        float[] m = new float[steps];
        for (int s = 0; s < steps; s++) {
            for (int i = s * width; i < (s + 1) * width; i++) {
                if (d[i] != maskValue) {
                    m[s] = 1f;
                    break;
                }
            }
        }
        return Tensor.of(m, x.dim(0), x.dim(1));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.mul(Masks.broadcastable(stepMask(x, maskValue), x.rank()));
    }

    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return stepMask(inputs.get(0), maskValue);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("mask_value", maskValue);
        return c;
    }

    static Masking fromConfig(LayerConfig c) {
        return new Masking(c.has("mask_value") ? c.getFloat("mask_value") : 0f);
    }
}
