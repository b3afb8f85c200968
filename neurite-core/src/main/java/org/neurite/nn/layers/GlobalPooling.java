package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Pooling over all steps (1-d: input {@code (N, L, C)}) or all positions (2-d: input
 * {@code (N, H, W, C)}), giving {@code (N, C)}, or with {@link #keepDims} {@code (N, 1, C)} /
 * {@code (N, 1, 1, C)}. No parameters.
 */
public abstract class GlobalPooling extends Layer {
    private final int spatialAxes;
    private boolean keepDims;

    /**
     * A global pooling over the given number of axes after the batch axis.
     *
     * @param spatialAxes 1 for sequences {@code (N, T, C)}, 2 for images {@code (N, H, W, C)}
     */
    protected GlobalPooling(int spatialAxes) {
        this.spatialAxes = spatialAxes;
    }

    /**
     * Keep the pooled axes with size 1 (Keras' keepdims).
     *
     * @param value true for {@code (N, 1, C)} / {@code (N, 1, 1, C)}; false (default) for {@code (N, C)}
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public GlobalPooling keepDims(boolean value) {
        checkMutable("keepDims");
        this.keepDims = value;
        return this;
    }

    /**
     * Whether the pooled axes are kept with size 1.
     *
     * @return true with keepdims
     */
    public boolean keepDims() {
        return keepDims;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != spatialAxes + 1) {
            throw error("expected input " + (spatialAxes == 1 ? "(None, steps, channels)" : "(None, height, width, channels)") + ", got " + Summary.shapeString(in));
        }
        int c = in.dim(spatialAxes);
        if (!keepDims) return Shape.of(c);
        return spatialAxes == 1 ? Shape.of(1, c) : Shape.of(1, 1, c);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(spatialAxes) == built.dim(spatialAxes);
    }

    /**
     * Reduces x over the given axes.
     *
     * @param x the input, {@code (N, ..., C)}
     * @param axes the pooled axes, counted with the batch axis as 0
     * @param keep whether the pooled axes stay with size 1
     * @return the pooled tensor
     */
    protected abstract Tensor reduce(Tensor x, int[] axes, boolean keep);

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] axes = spatialAxes == 1 ? new int[] {1} : new int[] {1, 2};
        return reduce(x, axes, keepDims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepdims", keepDims);
        return c;
    }

    static <G extends GlobalPooling> G configure(G layer, LayerConfig c) {
        layer.keepDims(c.getBool("keepdims", false));
        return layer;
    }
}
