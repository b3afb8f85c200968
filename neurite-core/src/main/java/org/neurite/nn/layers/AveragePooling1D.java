package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/**
 * Average pooling over (N, L, C) windows, see {@link Pool1D} for shapes; with 'same' padding the
 * padded cells are left out of each average (Keras). Default: pool 2, stride = pool, 'valid'.
 */
public final class AveragePooling1D extends Pool1D {
    public AveragePooling1D() {
        this(2);
    }

    public AveragePooling1D(int poolSize) {
        super(poolSize);
    }

    public AveragePooling1D(int poolSize, int stride) {
        super(poolSize);
        strides(stride);
    }

    @Override
    public AveragePooling1D padding(String name) {
        super.padding(name);
        return this;
    }

    @Override
    protected Tensor pool2d(Tensor x4, int[] pool, int[] strides) {
        return x4.avgPool2d(pool, strides, padding);
    }

    static AveragePooling1D fromConfig(LayerConfig c) {
        return configure(new AveragePooling1D(Conv1D.single(c, "pool_size")), c);
    }
}
