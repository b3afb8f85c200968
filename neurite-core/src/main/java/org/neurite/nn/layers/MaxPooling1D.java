package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** Max pooling over (N, L, C) windows, see {@link Pool1D} for shapes. Default: pool 2, stride = pool, 'valid'. */
public final class MaxPooling1D extends Pool1D {
    /** Pool size 2, stride 2, 'valid' padding (Keras' defaults). */
    public MaxPooling1D() {
        this(2);
    }

    /**
     * Windows of {@code poolSize} steps, stride = pool size, 'valid' padding.
     *
     * @param poolSize the window length; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public MaxPooling1D(int poolSize) {
        super(poolSize);
    }

    /**
     * Windows of {@code poolSize} steps moved by {@code stride}.
     *
     * @param poolSize the window length; &gt; 0
     * @param stride the step between windows; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public MaxPooling1D(int poolSize, int stride) {
        super(poolSize);
        strides(stride);
    }

    @Override
    public MaxPooling1D padding(String name) {
        super.padding(name);
        return this;
    }

    @Override
    protected Tensor pool2d(Tensor x4, int[] pool, int[] strides) {
        return x4.maxPool2d(pool, strides, padding);
    }

    static MaxPooling1D fromConfig(LayerConfig c) {
        return configure(new MaxPooling1D(Conv1D.single(c, "pool_size")), c);
    }
}
