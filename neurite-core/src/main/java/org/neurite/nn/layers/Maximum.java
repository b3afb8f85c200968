package org.neurite.nn.layers;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Elementwise maximum of two or more inputs (on ties the gradient is split evenly): {@code [(N, ...s), (N, ...s), ...] -> (N, ...s)} (shapes may also
 * broadcast, see {@link ElementwiseMerge}). No parameters.
 */
public final class Maximum extends ElementwiseMerge {
    /** Merges two or more inputs of the same shape (or broadcastable, as Keras) into the elementwise maximum. */
    public Maximum() {
        super(2, Integer.MAX_VALUE);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Tensor::maximum);
    }

    static Maximum fromConfig(LayerConfig c) {
        return new Maximum();
    }
}
