package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/**
 * Average pooling over (N, H, W, C) windows, see {@link Pool2D} for shapes. With 'same' padding
 * the padded cells are left out of each average (Keras/TensorFlow); with explicit padding they
 * count (PyTorch's default). Default: 2x2 pool, stride = pool size, 'valid'.
 */
public final class AveragePooling2D extends Pool2D {
    /** 2 x 2 windows, stride 2, 'valid' padding (Keras' defaults). */
    public AveragePooling2D() {
        this(2);
    }

    /**
     * Square windows, stride = pool size, 'valid' padding.
     *
     * @param poolSize the window's height and width; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public AveragePooling2D(int poolSize) {
        super(poolSize, poolSize);
    }

    /**
     * Square windows moved by {@code stride} on both axes.
     *
     * @param poolSize the window's height and width; &gt; 0
     * @param stride the step between windows; &gt; 0
     * @throws IllegalArgumentException if a size or stride is not positive
     */
    public AveragePooling2D(int poolSize, int stride) {
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
    public AveragePooling2D(int poolHeight, int poolWidth, int strideH, int strideW) {
        super(poolHeight, poolWidth);
        strides(strideH, strideW);
    }

    // Covariant returns so option chains keep the concrete type.
    @Override
    public AveragePooling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public AveragePooling2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public AveragePooling2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public AveragePooling2D strides(int stride) {
        super.strides(stride);
        return this;
    }

    @Override
    public AveragePooling2D strides(int strideH, int strideW) {
        super.strides(strideH, strideW);
        return this;
    }

    @Override
    public AveragePooling2D padding(String name) {
        super.padding(name);
        return this;
    }

    @Override
    public AveragePooling2D padding(org.neurite.tensor.Padding value) {
        super.padding(value);
        return this;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.avgPool2d(poolSize, effectiveStrides(), padding);
    }

    static AveragePooling2D fromConfig(LayerConfig c) {
        int[] p = poolOf(c);
        return configure(new AveragePooling2D(p[0], p[1], p[0], p[1]), c);
    }
}
