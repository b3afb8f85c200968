package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** The maximum over all 1-d positions of each channel: {@code (N, L, C) -> (N, C) (keepDims: (N, 1, C))}. No parameters. */
public final class GlobalMaxPooling1D extends GlobalPooling {
    /** The maximum over time: {@code (N, T, C) -> (N, C)}. */
    public GlobalMaxPooling1D() {
        super(1);
    }

    @Override
    public GlobalMaxPooling1D keepDims(boolean value) {
        super.keepDims(value);
        return this;
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.max(axes, keep);
    }

    static GlobalMaxPooling1D fromConfig(LayerConfig c) {
        return configure(new GlobalMaxPooling1D(), c);
    }
}
