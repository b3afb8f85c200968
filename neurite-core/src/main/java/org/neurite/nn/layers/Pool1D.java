package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * What max and average 1-d pooling share. Input {@code (N, L, C)}, output {@code (N, OL, C)}:
 * 'valid' OL = floor((L - pool) / s) + 1, 'same' OL = ceil(L / s); strides default to the pool
 * size (Keras). Computed as 2-d pooling of the (N, 1, L, C) view. No parameters.
 */
public abstract class Pool1D extends Layer {
    /** The window length, in steps. */
    protected final int poolSize;
    /** The step between windows (the pool size unless set). */
    protected int stride;
    /** 'valid' (default) or 'same'. */
    protected Padding padding = Padding.valid();

    /**
     * Windows of {@code poolSize} steps, stride = pool size, 'valid' padding.
     *
     * @param poolSize the window length; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    protected Pool1D(int poolSize) {
        if (poolSize <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": pool size must be positive, got " + poolSize);
        this.poolSize = poolSize;
        this.stride = poolSize;
    }

    /**
     * Keras' {@code strides}, the same on every axis.
     *
     * @param value the step between window positions, in input cells (default: the pool size); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Pool1D strides(int value) {
        checkMutable("strides");
        if (value <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": strides must be positive, got " + value);
        this.stride = value;
        return this;
    }

    /**
     * "same" or "valid".
     *
     * @param name {@code "valid"} (default: no padding) or {@code "same"} (output size ceil(input / stride))
     * @return this layer
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if the layer is already built
     */
    public Pool1D padding(String name) {
        checkMutable("padding");
        this.padding = Padding.parse(name);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, steps, channels), got " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, Shape.of(1, in.dim(0), in.dim(1)), new int[] {1, poolSize}, new int[] {1, stride}, padding, new int[] {1, 1});
        return Shape.of(hw[1], in.dim(1));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1);
    }

    /**
     * The 2-d pooling of the (N, 1, L, C) view.
     *
     * @param x4 the input viewed as {@code (N, 1, L, C)}
     * @param pool the window, {@code {1, poolSize}}
     * @param strides the steps, {@code {1, stride}}
     * @return shape {@code (N, 1, OL, C)}
     */
    protected abstract Tensor pool2d(Tensor x4, int[] pool, int[] strides);

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = pool2d(x.reshape(x.dim(0), 1, x.dim(1), x.dim(2)), new int[] {1, poolSize}, new int[] {1, stride});
        return y.reshape(y.dim(0), y.dim(2), y.dim(3));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("pool_size", LayerConfig.ints(poolSize));
        c.put("strides", LayerConfig.ints(stride));
        c.put("padding", LayerConfig.padding(padding));
        return c;
    }

    static <P extends Pool1D> P configure(P layer, LayerConfig c) {
        layer.strides(Conv1D.single(c, "strides"));
        layer.padding(c.getString("padding", "valid"));
        return layer;
    }
}
