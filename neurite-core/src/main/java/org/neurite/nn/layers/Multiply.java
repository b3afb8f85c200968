package org.neurite.nn.layers;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Elementwise product of two or more inputs: {@code [(N, ...s), (N, ...s), ...] -> (N, ...s)} (shapes may also
 * broadcast, see {@link ElementwiseMerge}). No parameters.
 */
public final class Multiply extends ElementwiseMerge {
    /** Merges two or more inputs of the same shape (or broadcastable, as Keras) into the elementwise product. */
    public Multiply() {
        super(2, Integer.MAX_VALUE);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Tensor::mul);
    }

    static Multiply fromConfig(LayerConfig c) {
        return new Multiply();
    }
}
