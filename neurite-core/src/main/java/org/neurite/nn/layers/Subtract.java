package org.neurite.nn.layers;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Difference of two inputs, {@code a - b}: {@code [(N, ...s), (N, ...s)] -> (N, ...s)} (shapes may also
 * broadcast, see {@link ElementwiseMerge}). No parameters.
 */
public final class Subtract extends ElementwiseMerge {
    /** Merges exactly two inputs of the same shape into their difference, first minus second. */
    public Subtract() {
        super(2, 2);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return inputs.get(0).sub(inputs.get(1));
    }

    static Subtract fromConfig(LayerConfig c) {
        return new Subtract();
    }
}
