package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;

/** The average over all 2-d positions of each channel: {@code (N, H, W, C) -> (N, C) (keepDims: (N, 1, 1, C))}. No parameters. */
public final class GlobalAveragePooling2D extends GlobalPooling {
    /** The mean over height and width: {@code (N, H, W, C) -> (N, C)}. */
    public GlobalAveragePooling2D() {
        super(2);
    }

    @Override
    public GlobalAveragePooling2D keepDims(boolean value) {
        super.keepDims(value);
        return this;
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.mean(axes, keep);
    }

    static GlobalAveragePooling2D fromConfig(LayerConfig c) {
        return configure(new GlobalAveragePooling2D(), c);
    }
}
