package org.neurite.nn;

import java.util.List;
import org.neurite.nn.layers.InputLayer;
import org.neurite.tensor.Shape;

/**
 * The entry point of a model, as {@code keras.Input(shape=...)}: a symbolic tensor of the given
 * shape (batch axis excluded) produced by an {@link InputLayer} named {@code input_1}, {@code input_2},
 * ... (Keras 2 numbering).
 *
 * <pre>{@code Input in = Input.of(32, 32, 3);  // (None, 32, 32, 3)
 * Input any = Input.of(Input.NONE, Input.NONE, 3);  // (None, None, None, 3): images of any size}</pre>
 */
public final class Input extends SymbolicTensor {
    private Input(InputLayer layer) {
        super(layer.shape(), layer, 0, List.of());
        ((Layer) layer).recordApplication(this); // layer.output() is this tensor, as Keras' input_layer.output
    }

    /**
     * Keras' None in an input shape: {@code Input.of(NONE, NONE, 3)} takes images of any size (as
     * {@code keras.Input(shape=(None, None, 3))}), {@code Input.of(NONE)} token sequences of any
     * length. The summary prints None; the model runs on any size its layers admit; a weight that
     * would depend on a None dimension (a Dense after Flatten) is an error naming the layer.
     */
    public static final int NONE = Shape.UNKNOWN;

    /**
     * An input of this shape, named automatically ({@code input_1}, ...).
     *
     * @param shape the sample shape, batch axis excluded; {@link #NONE} marks an axis of any size
     * @return the symbolic input tensor, of shape {@code (None, shape...)}
     */
    public static Input of(int... shape) {
        return new Input(new InputLayer(null, Shape.of(shape)));
    }

    /**
     * A named input of this shape.
     *
     * @param name the input layer's name (null: automatic)
     * @param shape the sample shape, batch axis excluded; {@link #NONE} marks an axis of any size
     * @return the symbolic input tensor, of shape {@code (None, shape...)}
     */
    public static Input of(String name, int... shape) {
        return new Input(new InputLayer(name, Shape.of(shape)));
    }

    /**
     * An input for an existing input layer (used when loading a model).
     *
     * @param layer the input layer; its shape and name are used
     * @return the symbolic tensor the layer produces
     */
    public static Input of(InputLayer layer) {
        return new Input(layer);
    }

    /** @return the input layer producing this tensor */
    @Override
    public InputLayer layer() {
        return (InputLayer) super.layer();
    }
}
