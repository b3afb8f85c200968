package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Softmax along an axis (default -1; the axis counts the batch axis as 0, as Keras), computed with
 * the maximum subtracted so large inputs cannot overflow. Shape in = shape out. No parameters.
 */
public final class Softmax extends Layer {
    private final int axis;

    /** Over the last axis, as Keras' default. */
    public Softmax() {
        this(-1);
    }

    /**
     * Over one axis.
     *
     * @param axis counted with the batch axis as 0, negative from the end; not 0
     * @throws IllegalArgumentException if it is 0
     */
    public Softmax(int axis) {
        if (axis == 0) throw new IllegalArgumentException("Softmax: axis 0 is the batch axis");
        this.axis = axis;
    }

    /**
     * The normalized axis.
     *
     * @return counted with the batch axis as 0, negative from the end
     */
    public int axis() {
        return axis;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        int full = in.rank() + 1;
        int a = axis < 0 ? axis + full : axis;
        if (a < 1 || a >= full) throw error("axis " + axis + " is out of range for input " + Summary.shapeString(in));
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return built.rank() == got.rank();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.softmax(axis);
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }

    static Softmax fromConfig(LayerConfig c) {
        return new Softmax(c.getInt("axis", -1));
    }
}
