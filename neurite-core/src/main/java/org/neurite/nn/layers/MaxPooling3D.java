package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * 3-d max pooling, channels-last, as Keras' {@code MaxPooling3D}. The maximum is separable: a 2-d
 * max pool of every depth slice, then the maximum over each depth window (see
 * {@link DepthWindows}); 'same' pads with -inf, so padding never wins.
 *
 * <p>Input {@code (N, D, H, W, C)}, output {@code (N, OD, OH, OW, C)} (per axis 'valid':
 * {@code floor((in - k) / s) + 1}, 'same': {@code ceil(in / s)}); strides default to the pool size.
 * No parameters.
 */
public final class MaxPooling3D extends Layer {
    private final int[] poolSize;
    private int[] strides;
    private Padding padding = Padding.valid();

    /**
     * Cubic windows, stride = pool size, 'valid' padding.
     *
     * @param poolSize the window's depth, height and width; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public MaxPooling3D(int poolSize) {
        this(poolSize, poolSize, poolSize);
    }

    /**
     * KD x KH x KW windows, stride = pool size, 'valid' padding.
     *
     * @param poolDepth the window's depth; &gt; 0
     * @param poolHeight the window's height; &gt; 0
     * @param poolWidth the window's width; &gt; 0
     * @throws IllegalArgumentException if a size is not positive
     */
    public MaxPooling3D(int poolDepth, int poolHeight, int poolWidth) {
        if (poolDepth <= 0 || poolHeight <= 0 || poolWidth <= 0) {
            throw new IllegalArgumentException("MaxPooling3D: pool size must be positive, got (" + poolDepth + ", " + poolHeight + ", " + poolWidth + ")");
        }
        this.poolSize = new int[] {poolDepth, poolHeight, poolWidth};
        this.strides = poolSize.clone();
    }

    /**
     * Keras' {@code strides}, one per spatial axis.
     *
     * @param strideD the step along the depth, in input cells (default: the pool size); &gt; 0
     * @param strideH the step along the height, in input cells (default: the pool size); &gt; 0
     * @param strideW the step along the width, in input cells (default: the pool size); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public MaxPooling3D strides(int strideD, int strideH, int strideW) {
        checkMutable("strides");
        if (strideD <= 0 || strideH <= 0 || strideW <= 0) throw new IllegalArgumentException("MaxPooling3D: strides must be positive");
        this.strides = new int[] {strideD, strideH, strideW};
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
    public MaxPooling3D padding(String name) {
        checkMutable("padding");
        this.padding = Padding.parse(name);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 4) throw error("expected input (None, depth, height, width, channels), got " + Summary.shapeString(in));
        int od = DepthWindows.outputDepth(padding, in.dim(0), poolSize[0], strides[0]);
        if (od < 1) throw error("a pool of depth " + poolSize[0] + " does not fit input " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, Shape.of(in.dim(1), in.dim(2), in.dim(3)), new int[] {poolSize[1], poolSize[2]},
                new int[] {strides[1], strides[2]}, padding, new int[] {1, 1});
        return Shape.of(od, hw[0], hw[1], in.dim(3));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 4 && got.dim(3) == built.dim(3);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), d = x.dim(1), c = x.dim(4);
        Tensor planes = x.reshape(n * d, x.dim(2), x.dim(3), c)
                .maxPool2d(new int[] {poolSize[1], poolSize[2]}, new int[] {strides[1], strides[2]}, padding.withPadValue(Float.NEGATIVE_INFINITY));
        Tensor pooled = planes.reshape(n, d, planes.dim(1), planes.dim(2), c);
        int od = DepthWindows.outputDepth(padding, d, poolSize[0], strides[0]);
        Tensor padded = DepthWindows.padDepth(pooled, DepthWindows.padding(padding, d, poolSize[0], strides[0]), Float.NEGATIVE_INFINITY);
        Tensor max = null;
        for (int k = 0; k < poolSize[0]; k++) {
            Tensor s = DepthWindows.slices(padded, k, strides[0], od);
            max = max == null ? s : max.maximum(s);
        }
        return max.reshape(n, od, pooled.dim(2), pooled.dim(3), c);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> cfg = super.config();
        cfg.put("pool_size", LayerConfig.ints(poolSize));
        cfg.put("strides", LayerConfig.ints(strides));
        cfg.put("padding", padding.mode() == Padding.Mode.SAME ? "same" : "valid");
        return cfg;
    }

    static MaxPooling3D fromConfig(LayerConfig c) {
        int[] p = c.getInts("pool_size");
        int[] s = c.getInts("strides");
        if (p.length != 3 || s.length != 3) throw new IllegalArgumentException("MaxPooling3D config: pool_size and strides need 3 values");
        return new MaxPooling3D(p[0], p[1], p[2]).strides(s[0], s[1], s[2]).padding(c.getString("padding", "valid"));
    }
}
