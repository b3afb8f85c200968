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

    /** 2 x 2 windows, stride 2, 'valid' padding (Keras' defaults). */
    public MaxPooling2D() {
        this(2);
    }

    /**
     * Square windows, stride = pool size, 'valid' padding.
     *
     * @param poolSize the window's height and width; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public MaxPooling2D(int poolSize) {
        super(poolSize, poolSize);
    }

    /**
     * Square windows moved by {@code stride} on both axes.
     *
     * @param poolSize the window's height and width; &gt; 0
     * @param stride the step between windows; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public MaxPooling2D(int poolSize, int stride) {
        super(poolSize, poolSize);
        strides(stride);
    }

    /**
     * Rectangular windows with their own strides.
     *
     * @param poolHeight the window's height; &gt; 0
     * @param poolWidth the window's width; &gt; 0
     * @param strideH the vertical step; &gt; 0
     * @param strideW the horizontal step; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public MaxPooling2D(int poolHeight, int poolWidth, int strideH, int strideW) {
        super(poolHeight, poolWidth);
        strides(strideH, strideW);
    }

    /**
     * The value padded cells take with 'same' or explicit padding.
     *
     * @param value -infinity (default, as Keras: padding never wins) or e.g. 0 (as some PyTorch models pad)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
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
