package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * Max pooling over (N, H, W, C) windows, see {@link Pool2D} for shapes. Padded cells count as
 * -infinity by default (Keras, PyTorch: padding never wins); {@link #padValue(float)} 0 gives the
 * zero padding some textbooks assume. Default: 2x2 pool, stride = pool size, 'valid'.
 */
public final class MaxPooling2D extends Pool2D {
    private float padValue = Float.NEGATIVE_INFINITY;

    public MaxPooling2D() {
        this(2);
    }

    public MaxPooling2D(int poolSize) {
        super(poolSize, poolSize);
    }

    public MaxPooling2D(int poolSize, int stride) {
        super(poolSize, poolSize);
        strides(stride);
    }

    public MaxPooling2D(int poolHeight, int poolWidth, int strideH, int strideW) {
        super(poolHeight, poolWidth);
        strides(strideH, strideW);
    }

    /** The value padded cells take: -infinity (default) or e.g. 0. */
    public MaxPooling2D padValue(float value) {
        checkMutable("padValue");
        this.padValue = value;
        return this;
    }

    // Covariant returns so option chains keep the concrete type.
    @Override
    public MaxPooling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public MaxPooling2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public MaxPooling2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public MaxPooling2D strides(int stride) {
        super.strides(stride);
        return this;
    }

    @Override
    public MaxPooling2D strides(int strideH, int strideW) {
        super.strides(strideH, strideW);
        return this;
    }

    @Override
    public MaxPooling2D padding(String name) {
        super.padding(name);
        return this;
    }

    @Override
    public MaxPooling2D padding(org.neurite.tensor.Padding value) {
        super.padding(value);
        return this;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.maxPool2d(poolSize, effectiveStrides(), padding.withPadValue(padValue));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("pad_value", Float.isInfinite(padValue) ? (padValue < 0 ? "-inf" : "inf") : (Object) padValue);
        return c;
    }

    static MaxPooling2D fromConfig(LayerConfig c) {
        int[] p = poolOf(c);
        MaxPooling2D layer = configure(new MaxPooling2D(p[0], p[1], p[0], p[1]), c);
        if (c.has("pad_value")) layer.padValue(c.getFloat("pad_value"));
        return layer;
    }
}
