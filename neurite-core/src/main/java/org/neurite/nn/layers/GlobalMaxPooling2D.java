package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** The maximum over all 2-d positions of each channel: {@code (N, H, W, C) -> (N, C) (keepDims: (N, 1, 1, C))}. No parameters. */
public final class GlobalMaxPooling2D extends GlobalPooling {
    /** The maximum over height and width: {@code (N, H, W, C) -> (N, C)}. */
    public GlobalMaxPooling2D() {
        super(2);
    }

    @Override
    public GlobalMaxPooling2D keepDims(boolean value) {
        super.keepDims(value);
        return this;
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.max(axes, keep);
    }

    static GlobalMaxPooling2D fromConfig(LayerConfig c) {
        return configure(new GlobalMaxPooling2D(), c);
    }
}
