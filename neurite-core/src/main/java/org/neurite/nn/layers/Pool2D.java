package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;

/**
 * What max and average 2-d pooling share: pool size, strides (default = pool size, as Keras),
 * padding, and the output-size rule. Input {@code (N, H, W, C)}, output {@code (N, OH, OW, C)};
 * 'valid': OH = floor((H - pool) / s) + 1, 'same': OH = ceil(H / s). No parameters.
 */
public abstract class Pool2D extends Layer {
    /** The window, {@code {height, width}}. */
    protected int[] poolSize;
    /** The steps {@code {vertical, horizontal}}; null for the pool size (see {@link #effectiveStrides()}). */
    protected int[] strides;
    /** 'valid' (default), 'same' or explicit. */
    protected Padding padding = Padding.valid();

    /**
     * Windows of poolH x poolW, stride = pool size, 'valid' padding.
     *
     * @param poolH the window's height; &gt; 0
     * @param poolW the window's width; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    protected Pool2D(int poolH, int poolW) {
        this.poolSize = Conv2D.positivePair("pool size", poolH, poolW);
    }

    /**
     * Strides of the window; by default the pool size.
     *
     * @param stride the step between window positions, in input cells (default: the pool size); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Pool2D strides(int stride) {
        return strides(stride, stride);
    }

    /**
     * Keras' {@code strides}, one per spatial axis.
     *
     * @param strideH the step along the height, in input cells (default: the pool size); &gt; 0
     * @param strideW the step along the width, in input cells (default: the pool size); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Pool2D strides(int strideH, int strideW) {
        checkMutable("strides");
        this.strides = Conv2D.positivePair("strides", strideH, strideW);
        return this;
    }

    /**
     * Keras' {@code padding}.
     *
     * @param name {@code "valid"} (default: no padding) or {@code "same"} (output size ceil(input / stride))
     * @return this layer
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if the layer is already built
     */
    public Pool2D padding(String name) {
        return padding(Padding.parse(name));
    }

    /**
     * Any padding, including explicit PyTorch-style amounts ({@code Padding.of(1, 1)}).
     *
     * @param value the padding (default valid)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Pool2D padding(Padding value) {
        checkMutable("padding");
        this.padding = value;
        return this;
    }

    /**
     * The strides in use.
     *
     * @return {@code {vertical, horizontal}}: the set strides, else the pool size
     */
    protected int[] effectiveStrides() {
        return strides != null ? strides : poolSize;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        int[] hw = outputHW(this, in, poolSize, effectiveStrides(), padding, new int[] {1, 1});
        return Shape.of(hw[0], hw[1], in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    /** Output height and width of a window op, with an error naming the layer if it does not fit. */
    static int[] outputHW(Layer layer, Shape in, int[] window, int[] strides, Padding padding, int[] dilation) {
        long dilatedH = (long) dilation[0] * (window[0] - 1) + 1, dilatedW = (long) dilation[1] * (window[1] - 1) + 1;
        if (Math.max(dilatedH, dilatedW) > Padding.MAX_EXTENT || Math.max(in.dim(0), in.dim(1)) > Padding.MAX_EXTENT) {
            throw new IllegalArgumentException(layer.name() + ": a " + window[0] + "x" + window[1] + " window with dilation "
                    + dilation[0] + "x" + dilation[1] + " spans " + dilatedH + "x" + dilatedW + " on input " + Summary.shapeString(in)
                    + ": more than the " + Padding.MAX_EXTENT + " per axis this library accepts (a corrupt or hostile config?)");
        }
        int kh = (int) dilatedH, kw = (int) dilatedW;
        int[] p = padding.resolve(in.dim(0), in.dim(1), kh, kw, strides[0], strides[1]);
        if ((long) in.dim(0) + p[0] + p[1] > Padding.MAX_EXTENT || (long) in.dim(1) + p[2] + p[3] > Padding.MAX_EXTENT) {
            throw new IllegalArgumentException(layer.name() + ": padding " + padding + " " + java.util.Arrays.toString(p)
                    + " makes input " + Summary.shapeString(in) + " larger than the " + Padding.MAX_EXTENT + " per axis this library accepts");
        }
        int spanH = in.dim(0) + p[0] + p[1] - kh;
        int spanW = in.dim(1) + p[2] + p[3] - kw;
        if (spanH < 0 || spanW < 0) {
            throw new IllegalArgumentException(layer.name() + ": a " + window[0] + "x" + window[1] + " window"
                    + (kh != window[0] || kw != window[1] ? " (dilated to " + kh + "x" + kw + ")" : "")
                    + " does not fit input " + Summary.shapeString(in) + " with padding " + padding);
        }
        return new int[] {spanH / strides[0] + 1, spanW / strides[1] + 1};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("pool_size", LayerConfig.ints(poolSize));
        c.put("strides", LayerConfig.ints(effectiveStrides()));
        c.put("padding", LayerConfig.padding(padding));
        return c;
    }

    /** Applies the pool_size / strides / padding of a config to a new pooling layer. */
    static <P extends Pool2D> P configure(P layer, LayerConfig c) {
        int[] s = c.getInts("strides");
        if (s.length != 2) throw new IllegalArgumentException("pooling config: strides needs 2 values");
        layer.strides(s[0], s[1]);
        layer.padding(c.getPadding("padding"));
        return layer;
    }

    static int[] poolOf(LayerConfig c) {
        int[] p = c.getInts("pool_size");
        if (p.length != 2) throw new IllegalArgumentException("pooling config: pool_size needs 2 values");
        return p;
    }
}
