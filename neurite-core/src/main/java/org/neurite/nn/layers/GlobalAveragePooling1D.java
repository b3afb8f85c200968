package org.neurite.nn.layers;

import java.util.List;
import org.neurite.tensor.Tensor;

/** The average over all 1-d positions of each channel: {@code (N, L, C) -> (N, C) (keepDims: (N, 1, C))}. No parameters. */
public final class GlobalAveragePooling1D extends GlobalPooling {
    /** The mean over time: {@code (N, T, C) -> (N, C)}. */
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

    /** With a mask, the mean over the real steps only: {@code sum_t m_t x_t / sum_t m_t} (Keras). */
    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor x = inputs.get(0);
        Tensor mask = masks.get(0);
        if (mask == null) return callAll(inputs, training);
        if (mask.rank() != 2 || mask.dim(0) != x.dim(0) || mask.dim(1) != x.dim(1)) {
            throw error("expected a mask (" + x.dim(0) + ", " + x.dim(1) + ") for input " + x.shape() + ", got " + mask.shape());
        }
        Tensor m = Masks.broadcastable(mask, 3);
        boolean keep = keepDims();
        return List.of(x.mul(m).sum(1, keep).div(m.sum(1, keep)));
    }

    static GlobalAveragePooling1D fromConfig(LayerConfig c) {
        return configure(new GlobalAveragePooling1D(), c);
    }
}
