package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Rectified linear unit as a layer, with Keras' options: {@code f(x) = maxValue} for
 * {@code x >= maxValue}, {@code x} for {@code threshold <= x < maxValue},
 * {@code negativeSlope * (x - threshold)} otherwise. Defaults (no max, slope 0, threshold 0) give
 * {@code max(x, 0)}; {@code new ReLU().maxValue(6)} is ReLU6. Shape in = shape out. No parameters.
 */
public final class ReLU extends Layer {
    private float maxValue = Float.POSITIVE_INFINITY;
    private float negativeSlope;
    private float threshold;

    /**
     * Keras' {@code max_value}: the output's ceiling.
     *
     * @param value &gt;= 0 (default: none, +infinity); 6 gives ReLU6
     * @return this layer
     * @throws IllegalArgumentException if it is negative or NaN
     */
    public ReLU maxValue(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("ReLU: maxValue must be >= 0, got " + value);
        this.maxValue = (float) value;
        return this;
    }

    /**
     * Keras' {@code negative_slope}: the slope below the threshold.
     *
     * @param value &gt;= 0 (default 0)
     * @return this layer
     * @throws IllegalArgumentException if it is negative or NaN
     */
    public ReLU negativeSlope(double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("ReLU: negativeSlope must be >= 0, got " + value);
        this.negativeSlope = (float) value;
        return this;
    }

    /**
     * Keras' {@code threshold}: inputs below it take the negative slope.
     *
     * @param value the threshold (default 0)
     * @return this layer
     */
    public ReLU threshold(double value) {
        this.threshold = (float) value;
        return this;
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
        Tensor y;
        if (threshold == 0f && negativeSlope == 0f) {
            y = x.relu();
        } else {
            Tensor shifted = threshold == 0f ? x : x.sub(threshold);
            Tensor below = shifted.neg().gt(Tensor.scalar(0f)); // 1 where x < threshold
            y = Tensor.where(below, shifted.mul(negativeSlope), x);
        }
        return maxValue == Float.POSITIVE_INFINITY ? y : y.minimum(Tensor.scalar(maxValue));
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("max_value", maxValue == Float.POSITIVE_INFINITY ? null : maxValue);
        c.put("negative_slope", negativeSlope);
        c.put("threshold", threshold);
        return c;
    }

    static ReLU fromConfig(LayerConfig c) {
        ReLU r = new ReLU();
        if (c.has("max_value")) r.maxValue(c.getFloat("max_value"));
        if (c.has("negative_slope")) r.negativeSlope(c.getFloat("negative_slope"));
        if (c.has("threshold")) r.threshold(c.getFloat("threshold"));
        return r;
    }
}
