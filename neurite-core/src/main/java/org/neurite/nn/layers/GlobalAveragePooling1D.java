package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** The average over all 1-d positions of each channel: {@code (N, L, C) -> (N, C) (keepDims: (N, 1, C))}. No parameters. */
public final class GlobalAveragePooling1D extends GlobalPooling {
    public GlobalAveragePooling1D() {
        super(1);
    }

    @Override
    public GlobalAveragePooling1D keepDims(boolean value) {
        super.keepDims(value);
        return this;
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.mean(axes, keep);
    }

    static GlobalAveragePooling1D fromConfig(LayerConfig c) {
        return configure(new GlobalAveragePooling1D(), c);
    }
}
