package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The layer behind {@link org.neurite.nn.Input}: passes its input through. Shape in = shape out =
 * {@code (None, ...shape)}. Named {@code input_1}, {@code input_2}, ... as Keras 2 does.
 */
public final class InputLayer extends Layer {
    private final Shape shape;

    /**
     * The input of a model, built at once.
     *
     * @param name the layer's name, or null for a generated {@code input_<n>}
     * @param shape the input shape without the batch axis, e.g. {@code (28, 28, 1)}
     */
    public InputLayer(String name, Shape shape) {
        this.shape = shape;
        name(name != null ? name : LayerNames.nextOneBased("input"));
        build(List.of(shape));
    }

    /**
     * The input shape.
     *
     * @return the shape without the batch axis
     */
    public Shape shape() {
        return shape;
    }

    @Override
    protected Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return input;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("shape", LayerConfig.dims(shape));
        return c;
    }
}
