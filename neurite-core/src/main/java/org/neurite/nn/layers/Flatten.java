package org.neurite.nn.layers;

import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Flattens all axes but the batch axis, in row-major (channels-last) order:
 * {@code (N, d1, ..., dk) -> (N, d1*...*dk)}. No parameters.
 */
public final class Flatten extends Layer {
    @Override
    protected Shape computeOutputShape(Shape in) {
        return Shape.of(in.size());
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.reshape(x.dim(0), x.shape().sizeBetween(1, x.rank()));
    }

    static Flatten fromConfig(LayerConfig c) {
        return new Flatten();
    }
}
