package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Resampling;

/**
 * Average pooling to a fixed output size, whatever the input size (PyTorch's AdaptiveAvgPool2d,
 * channels-last): input {@code (N, H, W, C)}, output {@code (N, outputH, outputW, C)}; output row
 * i averages input rows [floor(i*H/outputH), ceil((i+1)*H/outputH)), likewise columns (bins may
 * overlap or differ in size). No parameters.
 */
public final class AdaptiveAveragePooling2D extends Layer {
    private final int outputH;
    private final int outputW;

    /**
     * Pools any input {@code (N, H, W, C)} to {@code (N, outputSize, outputSize, C)}.
     *
     * @param outputSize the output's height and width; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public AdaptiveAveragePooling2D(int outputSize) {
        this(outputSize, outputSize);
    }

    /**
     * Pools any input {@code (N, H, W, C)} to {@code (N, outputH, outputW, C)}, as PyTorch's
     * {@code AdaptiveAvgPool2d}.
     *
     * @param outputH the output's height; &gt; 0
     * @param outputW the output's width; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    public AdaptiveAveragePooling2D(int outputH, int outputW) {
        int[] p = Conv2D.positivePair("output size", outputH, outputW);
        this.outputH = p[0];
        this.outputW = p[1];
    }

    @Override
    public AdaptiveAveragePooling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        return Shape.of(outputH, outputW, in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Resampling.resample(x, Resampling.adaptiveAverage(x.dim(1), outputH), Resampling.adaptiveAverage(x.dim(2), outputW));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("output_size", LayerConfig.ints(outputH, outputW));
        return c;
    }

    static AdaptiveAveragePooling2D fromConfig(LayerConfig c) {
        int[] s = c.getInts("output_size");
        if (s.length != 2) throw new IllegalArgumentException("AdaptiveAveragePooling2D config: output_size needs 2 values");
        return new AdaptiveAveragePooling2D(s[0], s[1]);
    }
}
