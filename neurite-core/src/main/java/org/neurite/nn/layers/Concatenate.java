package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Joins two or more inputs along an axis (default -1, the channels, as an Inception module does).
 * The axis counts the batch axis as 0, as Keras; all other axes must agree:
 * {@code [(N, H, W, C1), (N, H, W, C2)] -> (N, H, W, C1+C2)}. No parameters.
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Joins along the last axis, as Keras' default {@code axis=-1}. */
    public Concatenate() {
        this(-1);
    }

    /**
     * Joins along one axis; every other axis must match.
     *
     * @param axis counted with the batch axis as 0, negative from the end; not 0
     * @throws IllegalArgumentException if it is 0 (the batch axis)
     */
    public Concatenate(int axis) {
        if (axis == 0) throw new IllegalArgumentException("Concatenate: cannot join along the batch axis 0");
        this.axis = axis;
    }

    /**
     * The axis joined along.
     *
     * @return counted with the batch axis as 0, negative from the end
     */
    public int axis() {
        return axis;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> in) {
        if (in.size() < 2) throw error("needs at least 2 inputs, got " + in.size());
        int rank = in.get(0).rank();
        int a = axis < 0 ? axis + rank + 1 : axis; // in the full rank, batch included
        if (a < 1 || a > rank) throw error("axis " + axis + " is out of range for inputs of rank " + (rank + 1));
        int total = 0;
        for (Shape s : in) {
            boolean ok = s.rank() == rank;
            for (int d = 0; ok && d < rank; d++) ok = d == a - 1 || s.dim(d) == in.get(0).dim(d);
            if (!ok) throw error("inputs must match on every axis but " + axis + ", got " + Add.shapes(in));
            total += s.dim(a - 1);
        }
        return in.get(0).withDim(a - 1, total);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return Tensor.concat(inputs, axis);
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        throw error("needs at least 2 inputs, got 1");
    }

    /** Joined along the time axis, the masks are joined too; along another axis a step is real when it is real in every input. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        int a = axis < 0 ? axis + inputs.get(0).rank() : axis;
        return a == 1 ? Masks.joined(inputs, masks) : Masks.all(inputs, masks);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }

    static Concatenate fromConfig(LayerConfig c) {
        return new Concatenate(c.getInt("axis", -1));
    }
}
