package org.neurite.nn.layers;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Elementwise mean of two or more inputs: {@code [(N, ...s), (N, ...s), ...] -> (N, ...s)} (shapes may also
 * broadcast, see {@link ElementwiseMerge}). No parameters.
 */
public final class Average extends ElementwiseMerge {
    /** Merges two or more inputs of the same shape (or broadcastable, as Keras) into the elementwise mean. */
    public Average() {
        super(2, Integer.MAX_VALUE);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Tensor::add).div(inputs.size());
    }

    static Average fromConfig(LayerConfig c) {
        return new Average();
    }
}
