package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Applies an activation function by name ({@code relu, sigmoid, tanh, softmax, linear,
 * leaky_relu}, see {@link Activations}). Shape in = shape out. No parameters.
 */
public final class Activation extends Layer {
    private final String function;

    /**
     * A layer applying one activation elementwise; the output has the input's shape.
     *
     * @param function an activation name, e.g. {@code relu}, {@code softmax}; null or empty means linear
     * @throws IllegalArgumentException if the name is unknown
     */
    public Activation(String function) {
        this.function = Activations.normalize(function);
    }

    /**
     * The activation applied.
     *
     * @return its normalized name
     */
    public String function() {
        return function;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        return in;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Activations.get(function).apply(x);
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", function);
        return c;
    }

    static Activation fromConfig(LayerConfig c) {
        return new Activation(c.getString("activation", "linear"));
    }
}
