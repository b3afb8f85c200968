package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** Max pooling over (N, L, C) windows, see {@link Pool1D} for shapes. Default: pool 2, stride = pool, 'valid'. */
public final class MaxPooling1D extends Pool1D {
    public MaxPooling1D() {
        this(2);
    }

    public MaxPooling1D(int poolSize) {
        super(poolSize);
    }

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
