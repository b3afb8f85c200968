package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Reshapes each sample to {@code targetShape} (batch axis excluded, row-major order kept, as
 * Keras): {@code (N, ...s) -> (N, ...target)}. One target dimension may be -1 and is inferred.
 * No parameters.
 */
public final class Reshape extends Layer {
    private final int[] targetShape;

    /**
     * Reshapes each sample, as Keras' {@code Reshape}: {@code (N, ...) -> (N, targetShape...)}.
     *
     * @param targetShape the shape without the batch axis; positive sizes, at most one -1 (inferred)
     * @throws IllegalArgumentException if it is empty, has a size &lt;= 0 other than one -1, or
     *     more than one -1
     */
    public Reshape(int... targetShape) {
        if (targetShape.length == 0) throw new IllegalArgumentException("Reshape: the target shape must have at least one dimension");
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) unknown++;
            else if (d <= 0) throw new IllegalArgumentException("Reshape: dimensions must be positive or one -1, got " + Arrays.toString(targetShape));
        }
        if (unknown > 1) throw new IllegalArgumentException("Reshape: at most one dimension may be -1, got " + Arrays.toString(targetShape));
        this.targetShape = targetShape.clone();
    }

    /**
     * The target shape.
     *
     * @return the shape without the batch axis, as given (with any -1)
     */
    public int[] targetShape() {
        return targetShape.clone();
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        int known = 1, unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) unknownAt = i;
            else known *= targetShape[i];
        }
        int[] out = targetShape.clone();
        if (unknownAt >= 0) {
            if (in.size() % known != 0) throw mismatch(in);
            out[unknownAt] = in.size() / known;
        } else if (known != in.size()) {
            throw mismatch(in);
        }
        return Shape.of(out);
    }

    private IllegalArgumentException mismatch(Shape in) {
        return error("cannot reshape input " + Summary.shapeString(in) + " (" + in.size() + " values per sample) to "
                + Arrays.toString(targetShape).replace('[', '(').replace(']', ')'));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] dims = new int[targetShape.length + 1];
        dims[0] = x.dim(0);
        System.arraycopy(outputShape().dims(), 0, dims, 1, targetShape.length);
        return x.reshape(dims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("target_shape", LayerConfig.ints(targetShape));
        return c;
    }

    static Reshape fromConfig(LayerConfig c) {
        return new Reshape(c.getInts("target_shape"));
    }
}
