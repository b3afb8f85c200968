package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.NearestUpsampling;
import org.neurite.tensor.ops.Resampling;

/**
 * Upsampling of (N, H, W, C) maps by integer factors: output {@code (N, H*sh, W*sw, C)}.
 * {@code "nearest"} (default) repeats each row sh times and each column sw times; {@code "bilinear"}
 * interpolates with half-pixel centres (Keras/TensorFlow's resize, PyTorch's
 * {@code align_corners=False}), see {@link Resampling#bilinear}. No parameters.
 */
public final class UpSampling2D extends Layer {
    private final int[] size;
    private String interpolation = "nearest";

    /** Doubles height and width, nearest neighbour (Keras' defaults). */
    public UpSampling2D() {
        this(2);
    }

    /**
     * Repeats rows and columns: {@code (N, H, W, C) -> (N, size*H, size*W, C)}.
     *
     * @param size the factor on both axes; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public UpSampling2D(int size) {
        this(size, size);
    }

    /**
     * Repeats rows and columns: {@code (N, H, W, C) -> (N, sizeH*H, sizeW*W, C)}.
     *
     * @param sizeH the factor on the height; &gt; 0
     * @param sizeW the factor on the width; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    public UpSampling2D(int sizeH, int sizeW) {
        this.size = Conv2D.positivePair("size", sizeH, sizeW);
    }

    /**
     * Keras' {@code interpolation}.
     *
     * @param name {@code "nearest"} (default) or {@code "bilinear"} (Keras' half-pixel centres), any case
     * @return this layer
     * @throws IllegalArgumentException if it is neither
     * @throws IllegalStateException if the layer is already built
     */
    public UpSampling2D interpolation(String name) {
        checkMutable("interpolation");
        String s = name.toLowerCase(java.util.Locale.ROOT);
        if (!s.equals("nearest") && !s.equals("bilinear")) throw new IllegalArgumentException("UpSampling2D: interpolation must be 'nearest' or 'bilinear', got '" + name + "'");
        this.interpolation = s;
        return this;
    }

    @Override
    public UpSampling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public UpSampling2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        return Shape.of(in.dim(0) * size[0], in.dim(1) * size[1], in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int h = x.dim(1), w = x.dim(2);
        if (interpolation.equals("nearest")) return NearestUpsampling.apply(x, size[0], size[1]);
        return Resampling.resample(x, Resampling.bilinear(h, h * size[0]), Resampling.bilinear(w, w * size[1]));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("size", LayerConfig.ints(size));
        c.put("interpolation", interpolation);
        return c;
    }

    static UpSampling2D fromConfig(LayerConfig c) {
        int[] s = c.getInts("size");
        if (s.length != 2) throw new IllegalArgumentException("UpSampling2D config: size needs 2 values");
        return new UpSampling2D(s[0], s[1]).interpolation(c.getString("interpolation", "nearest"));
    }
}
